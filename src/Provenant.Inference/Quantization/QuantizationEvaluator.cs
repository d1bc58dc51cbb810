using Provenant.Formats.Datasets;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>Compares a float model with its quantized form on a labelled dataset (<see cref="QuantizationReport"/>).</summary>
public static class QuantizationEvaluator
{
    /// <summary>Runs both engines on every row of <paramref name="data"/>.</summary>
    /// <exception cref="Core.Errors.ProvenantException">The first output is not [batch, classes] float, or an engine fails.</exception>
    public static QuantizationReport Evaluate(IInferenceEngine reference, IInferenceEngine quantized, LabelledDataset data,
        FeatureScaling? scaling, CancellationToken cancellationToken = default)
    {
        var feeds = DatasetFeeds.For(reference.Graph, data.FeatureCount);
        var rows = Enumerable.Range(0, data.Count).ToArray();
        var output = reference.Graph.Outputs[0].Name;
        int samples = 0, floatCorrect = 0, quantCorrect = 0, agree = 0;
        var maxErr = 0.0;
        foreach (var (start, count, feed) in feeds.Batches(data, rows, scaling))
        {
            var f = reference.Run(feed, null, cancellationToken)[output];
            var q = quantized.Run(feed, null, cancellationToken)[output];
            if (f.DataType != TensorDataType.Float32 || q.DataType != TensorDataType.Float32 || f.Length != q.Length || f.Length % count != 0)
            {
                throw new Core.Errors.ProvenantException($"output '{output}': expected FLOAT [batch, classes] from both models, got {f.ShapeText} and {q.ShapeText}");
            }
            var classes = f.Length / count;
            var fs = f.AsSpan<float>();
            var qs = q.AsSpan<float>();
            for (var i = 0; i < fs.Length; i++)
            {
                maxErr = Math.Max(maxErr, Math.Abs((double)fs[i] - qs[i]));
            }
            for (var i = 0; i < count; i++)
            {
                var fc = ArgMax(fs.Slice(i * classes, classes));
                var qc = ArgMax(qs.Slice(i * classes, classes));
                var label = data.Label(rows[start + i]);
                floatCorrect += fc == label ? 1 : 0;
                quantCorrect += qc == label ? 1 : 0;
                agree += fc == qc ? 1 : 0;
                samples++;
            }
        }
        return new QuantizationReport(samples, floatCorrect, quantCorrect, agree, maxErr);
    }

    /// <summary>
    /// Runs both engines on one input set (no labels) and compares the first output row by row over its last axis (e.g.
    /// next-token logits [batch, positions, vocabulary]): <see cref="QuantizationReport.Samples"/> counts the rows,
    /// <see cref="QuantizationReport.Agreements"/> the rows whose argmax agrees, and the label counts stay 0.
    /// </summary>
    /// <exception cref="Core.Errors.ProvenantException">The first output is not FLOAT of the same shape from both, or an engine fails.</exception>
    public static QuantizationReport Compare(IInferenceEngine reference, IInferenceEngine quantized, IReadOnlyDictionary<string, Tensor> feed,
        CancellationToken cancellationToken = default)
    {
        var output = reference.Graph.Outputs[0].Name;
        var f = reference.Run(feed, null, cancellationToken)[output];
        var q = quantized.Run(feed, null, cancellationToken)[output];
        if (f.DataType != TensorDataType.Float32 || q.DataType != TensorDataType.Float32 || !f.Shape.SequenceEqual(q.Shape) || f.Rank == 0 || f.Shape[^1] == 0)
        {
            throw new Core.Errors.ProvenantException($"output '{output}': expected FLOAT of one shape from both models, got {f.ShapeText} and {q.ShapeText}");
        }
        var fs = f.AsSpan<float>();
        var qs = q.AsSpan<float>();
        var maxErr = 0.0;
        for (var i = 0; i < fs.Length; i++)
        {
            maxErr = Math.Max(maxErr, Math.Abs((double)fs[i] - qs[i]));
        }
        int width = f.Shape[^1], rows = f.Length / width, agree = 0;
        for (var r = 0; r < rows; r++)
        {
            agree += ArgMax(fs.Slice(r * width, width)) == ArgMax(qs.Slice(r * width, width)) ? 1 : 0;
        }
        return new QuantizationReport(rows, 0, 0, agree, maxErr);
    }

    /// <summary>Index of the first maximum.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
