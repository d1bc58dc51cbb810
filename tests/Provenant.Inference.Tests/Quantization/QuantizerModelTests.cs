using Provenant.Formats.Datasets;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Models;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Quantization;

public sealed class QuantizerModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Iris_mlp_quantized_accuracy_matches_float_on_the_iris_dataset()
    {
        var graph = RealModel.Named("deepprove-mlp-iris").Load();
        var iris = LabelledDataset.Load(SharedData.Get("datasets/sklearn/iris.csv"));
        var scaling = FeatureScaling.Fit(iris, -1, 1);
        var floatEngine = new FloatEngine(graph);
        var feeds = DatasetFeeds.For(graph, iris.FeatureCount);
        var calibration = Calibration.Run(floatEngine, feeds.Batches(iris, DatasetFeeds.Spread(iris.Count, 150), scaling).Select(b => (IReadOnlyDictionary<string, Tensor>)b.Feed));
        var quantized = QuantizedModels.RoundTrip(Quantizer.Quantize(graph, calibration));
        var engine = InferenceEngines.Create(quantized);
        Assert.IsType<IntegerEngine>(engine);
        var r = QuantizationEvaluator.Evaluate(floatEngine, engine, iris, scaling);
        output.WriteLine($"iris: float {r.FloatCorrect}/{r.Samples}, quantized {r.QuantizedCorrect}/{r.Samples}, agreement {r.Agreements}/{r.Samples}, max abs error {r.MaxAbsError}");
        Assert.Equal(150, r.Samples);
        Assert.True(r.Agreement >= 0.95, $"agreement {r.Agreement}");
        Assert.True(Math.Abs(r.FloatCorrect - r.QuantizedCorrect) <= 3, $"float {r.FloatCorrect} vs quantized {r.QuantizedCorrect}");
        Assert.True(r.MaxAbsError < 0.05, $"max abs error {r.MaxAbsError}");
    }

    [Fact]
    public void Mnist_cnn_quantized_agrees_top1_on_the_four_digits()
    {
        var (graph, quantized, inputs) = QuantizedModels.Quantize("wonnx-opt-mnist");
        var f = new FloatEngine(graph);
        var q = new IntegerEngine(quantized);
        var labels = new[] { 0, 3, 5, 7 };
        for (var i = 0; i < inputs.Count; i++)
        {
            var fo = f.Run(inputs[i]).Values.Single().AsSpan<float>().ToArray();
            var qo = q.Run(inputs[i]).Values.Single().AsSpan<float>().ToArray();
            output.WriteLine($"digit {labels[i]}: float argmax {QuantizationEvaluator.ArgMax(fo)}, quantized argmax {QuantizationEvaluator.ArgMax(qo)}, max abs diff {fo.Zip(qo, (a, b) => Math.Abs(a - b)).Max()}");
            Assert.Equal(labels[i], QuantizationEvaluator.ArgMax(fo));
            Assert.Equal(labels[i], QuantizationEvaluator.ArgMax(qo));
        }
    }

    [Theory]
    [InlineData("ezkl-1l_mlp", 0.05)]
    [InlineData("ezkl-2l_relu_fc", 0.05)]
    [InlineData("ezkl-3l_relu_conv_fc", 0.05)]
    [InlineData("ezkl-1l_gelu_noappx", 0.02)]
    [InlineData("ezkl-accuracy", 0.05)]
    [InlineData("ezkl-1l_max_pool", 0.02)]
    [InlineData("deepprove-mlp-iris", 0.05)]
    public void Shipped_model_quantized_output_is_close_to_float_on_its_example_input(string name, double relativeTolerance)
    {
        var (graph, quantized, inputs) = QuantizedModels.Quantize(name);
        var f = new FloatEngine(graph);
        var q = new IntegerEngine(quantized);
        foreach (var input in inputs)
        {
            var fo = f.Run(input).Values.First().AsSpan<float>().ToArray();
            var qo = q.Run(input).Values.First().AsSpan<float>().ToArray();
            var range = Math.Max(fo.Max() - fo.Min(), fo.Max(v => Math.Abs(v))); // one-output models: their magnitude
            var err = fo.Zip(qo, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{name}: float {fo[0]}…, max abs error {err} over output scale {range} ({err / range:P2}); nodes {quantized.Nodes.Count}: {string.Join(", ", quantized.Nodes.Select(n => n.OpType))}");
            Assert.True(err <= relativeTolerance * range, $"{name}: error {err} > {relativeTolerance} × range {range}");
        }
    }
}
