using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Training.Export;

/// <summary>
/// Runs an exported model on the float reference engine over the trainer's test records and compares its
/// logits with the trainer's own forward pass, bit for bit.
/// </summary>
/// <param name="Records">Test records run.</param>
/// <param name="EngineAccuracy">Test accuracy of the engine's logits.</param>
/// <param name="TrainerAccuracy">Test accuracy of the trainer's logits.</param>
/// <param name="DifferingValues">Logit values whose float32 bits differ (0 when the export reproduces the trainer exactly).</param>
/// <param name="MaxAbsoluteDifference">Largest |engine − trainer| over all logits.</param>
public sealed record ExportCheck(int Records, double EngineAccuracy, double TrainerAccuracy, long DifferingValues, double MaxAbsoluteDifference)
{
    /// <summary>Batch size used for the engine runs.</summary>
    public const int Batch = 500;

    /// <summary>Compares <paramref name="graph"/> (the exported model, read back) with <paramref name="trainer"/> on the test records.</summary>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The engine rejects the model.</exception>
    public static ExportCheck Run(Trainer trainer, ModelGraph graph, int threads)
    {
        var data = trainer.Data;
        var records = data.TestRecords;
        var classes = trainer.Config.Classes;
        var expected = trainer.Logits(data.TestSource, records);
        var engine = new FloatEngine(graph, new EngineOptions(threads));
        var shape = trainer.Config.Input.Shape;
        var size = data.TestSource.FeatureCount;
        var actual = new float[expected.Length];
        for (var start = 0; start < records.Count; start += Batch)
        {
            var n = Math.Min(Batch, records.Count - start);
            var x = new float[n * size];
            for (var i = 0; i < n; i++)
            {
                data.TestSource.CopyRow(records[start + i], x.AsSpan(i * size, size));
            }
            var output = engine.Run(new Dictionary<string, Tensor> { [OnnxGraphBuilder.InputName] = Tensor.FromArray(x, [n, .. shape]) })[OnnxGraphBuilder.OutputName];
            output.Array<float>().AsSpan(0, n * classes).CopyTo(actual.AsSpan(start * classes));
        }
        long differing = 0;
        double max = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                differing++;
            }
            max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        }
        var labels = records.Select(data.TestSource.Label).ToArray();
        return new ExportCheck(records.Count, Accuracy.Of(actual, labels, classes), Accuracy.Of(expected, labels, classes), differing, max);
    }
}
