using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Ranges of every float32 value of a float model (graph inputs and node outputs) observed by running
/// the float reference engine on calibration inputs (min/max per tensor, widened to contain 0), and the shape of
/// every value when it was the same in all runs.
/// </summary>
public sealed class Calibration
{
    private readonly Dictionary<string, ValueRange> _ranges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]?> _shapes = new(StringComparer.Ordinal);

    /// <summary>Number of calibration runs recorded.</summary>
    public int Runs { get; private set; }

    /// <summary>Runs <paramref name="engine"/> on each input set and records the ranges.</summary>
    public static Calibration Run(FloatEngine engine, IEnumerable<IReadOnlyDictionary<string, Tensor>> inputs, CancellationToken cancellationToken = default)
    {
        var c = new Calibration();
        foreach (var feed in inputs)
        {
            foreach (var (name, t) in feed)
            {
                c.Record(name, t);
            }
            engine.Run(feed, (node, outputs) =>
            {
                for (var i = 0; i < outputs.Count && i < node.Outputs.Count; i++)
                {
                    if (outputs[i] is { } t)
                    {
                        c.Record(node.Outputs[i], t);
                    }
                }
            }, cancellationToken);
            c.Runs++;
        }
        return c;
    }

    /// <summary>The range of <paramref name="value"/>, or null when it was never a float32 tensor in a run.</summary>
    public ValueRange? Range(string value) => _ranges.TryGetValue(value, out var r) ? r : null;

    /// <summary>
    /// The shape <paramref name="value"/> had in every run (any element type), or null when it was never computed or its
    /// shape varied between runs. The quantizer folds <c>Shape</c> of such a value to a constant.
    /// </summary>
    public IReadOnlyList<int>? Shape(string value) => _shapes.GetValueOrDefault(value);

    private void Record(string name, Tensor t)
    {
        int[] shape = [.. t.Shape];
        _shapes[name] = !_shapes.TryGetValue(name, out var seen) ? shape : seen is not null && seen.AsSpan().SequenceEqual(shape) ? seen : null;
        if (t.DataType == TensorDataType.Float32)
        {
            _ranges[name] = _ranges.GetValueOrDefault(name, ValueRange.Empty).Include(t.AsSpan<float>());
        }
    }

    /// <summary>Creates a calibration from explicit ranges (tests).</summary>
    internal static Calibration FromRanges(IReadOnlyDictionary<string, ValueRange> ranges)
    {
        var c = new Calibration { Runs = 1 };
        foreach (var (k, v) in ranges)
        {
            c._ranges[k] = v;
        }
        return c;
    }
}
