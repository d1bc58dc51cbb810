using Provenant.Core.Errors;
using Provenant.Formats.Datasets;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Turns labelled dataset rows into input tensors of a single-input float model: each row (raw values,
/// optionally <see cref="FeatureScaling"/>) is reshaped to the declared input shape without its batch
/// dimension; rows are batched up to <see cref="MaxBatch"/> when the batch dimension is symbolic, one per
/// run when it is fixed at 1.
/// </summary>
public sealed class DatasetFeeds
{
    /// <summary>Largest batch fed in one run.</summary>
    public const int MaxBatch = 64;

    private readonly string _input;
    private readonly int[] _sampleShape;
    private readonly int _batch;

    private DatasetFeeds(string input, int[] sampleShape, int batch)
    {
        _input = input;
        _sampleShape = sampleShape;
        _batch = batch;
    }

    /// <summary>The feeding plan for <paramref name="graph"/> and rows of <paramref name="features"/> values.</summary>
    /// <exception cref="UnsupportedFeatureException">The model does not have exactly one FLOAT input, or its shape does not hold <paramref name="features"/> values per sample.</exception>
    public static DatasetFeeds For(ModelGraph graph, int features)
    {
        if (graph.Inputs.Count != 1 || graph.Inputs[0].DataType is not (TensorDataType.Float32 or null))
        {
            throw new UnsupportedFeatureException($"dataset inputs need a model with one FLOAT input; this one has {string.Join(", ", graph.Inputs.Select(v => $"{v.Name} {v.ShapeText}"))}");
        }
        var v = graph.Inputs[0];
        var shape = v.Shape;
        if (shape is null || shape.Count == 0)
        {
            return new DatasetFeeds(v.Name, [features], MaxBatch);
        }
        var rest = shape.Skip(1).ToArray();
        if (rest.Any(d => d is null) || rest.Aggregate(1L, (a, d) => a * d!.Value) != features || shape[0] is int b && b != 1)
        {
            throw new UnsupportedFeatureException($"input '{v.Name}' {v.ShapeText} does not take samples of {features} values (expected [batch or 1, …] holding {features})");
        }
        return new DatasetFeeds(v.Name, rest.Select(d => d!.Value).ToArray(), shape[0] is null ? MaxBatch : 1);
    }

    /// <summary>Batches over the rows <paramref name="rows"/> of <paramref name="data"/>: (first row position, rows in the batch, the feed).</summary>
    public IEnumerable<(int Start, int Count, Dictionary<string, Tensor> Feed)> Batches(LabelledDataset data, IReadOnlyList<int> rows, FeatureScaling? scaling)
    {
        for (var start = 0; start < rows.Count; start += _batch)
        {
            var count = Math.Min(_batch, rows.Count - start);
            var per = data.FeatureCount;
            var buffer = new float[count * per];
            for (var i = 0; i < count; i++)
            {
                var dst = buffer.AsSpan(i * per, per);
                data.CopyRow(rows[start + i], dst);
                scaling?.Apply(dst, dst); // element-wise, so in place
            }
            yield return (start, count, new Dictionary<string, Tensor>(StringComparer.Ordinal) { [_input] = Tensor.FromArray(buffer, [count, .. _sampleShape]) });
        }
    }

    /// <summary><paramref name="count"/> row indices spread evenly over the dataset (all rows when it has fewer).</summary>
    public static int[] Spread(int total, int count)
    {
        var n = Math.Min(total, Math.Max(0, count));
        return Enumerable.Range(0, n).Select(i => (int)((long)i * total / n)).ToArray();
    }
}
