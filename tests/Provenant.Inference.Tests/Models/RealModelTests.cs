using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Conformance;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Models;

/// <summary>Every model in ../shared/data/models runs on its example inputs and matches onnxruntime-node to 1e-4 relative.</summary>
public sealed class RealModelTests(ITestOutputHelper output)
{
    /// <summary>Relative tolerance against onnxruntime; the absolute floor covers outputs that are exactly or nearly 0.</summary>
    private const double RelativeTolerance = 1e-4;
    private const double AbsoluteFloor = 1e-6;

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var m in RealModel.All())
        {
            data.Add(m.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Runs_on_example_inputs_with_declared_output_shapes(string name)
    {
        var model = RealModel.Named(name);
        var engine = new FloatEngine(model.Load());
        foreach (var file in model.InputFiles)
        {
            var outputs = engine.Run(model.Inputs(engine.Graph, file));
            foreach (var declared in engine.Graph.Outputs)
            {
                var t = outputs[declared.Name];
                Assert.True(declared.Accepts(t), $"{declared.Name}: {t.ShapeText} does not fit {declared.ShapeText}");
                Assert.True(Enumerable.Range(0, t.Length).All(i => double.IsFinite(t.GetDouble(i))), $"{declared.Name} has non-finite values");
                output.WriteLine($"{Path.GetFileName(file)} → {declared.Name} {TensorDataTypes.Name(t.DataType)} {t.ShapeText}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Matches_onnxruntime_node(string name)
    {
        if (OrtReference.Skipped)
        {
            output.WriteLine("PROVENANT_SKIP_ORT=1: comparison skipped");
            return;
        }
        var model = RealModel.Named(name);
        var engine = new FloatEngine(model.Load());
        foreach (var file in model.InputFiles)
        {
            var inputs = model.Inputs(engine.Graph, file);
            var ours = engine.Run(inputs);
            var reference = OrtReference.Run(model.ModelPath, inputs, engine.Graph);
            foreach (var (outName, expected) in reference)
            {
                var actual = ours[outName];
                var (maxAbs, maxRel) = Differences(expected, actual);
                output.WriteLine($"{Path.GetFileName(file)} {outName} {actual.ShapeText}: max |Δ| = {maxAbs:E2}, max |Δ|/|ref| over |ref| ≥ 1e-3 = {maxRel:E2}");
                var problem = ConformanceRunner.Compare(expected, actual, RelativeTolerance, AbsoluteFloor);
                Assert.True(problem is null, $"{name} {Path.GetFileName(file)} output '{outName}': {problem}");
            }
        }
    }

    [Fact]
    public void Wonnx_mnist_classifies_each_digit_image_as_its_file_name()
    {
        var model = RealModel.Named("wonnx-opt-mnist");
        var engine = new FloatEngine(model.Load());
        foreach (var file in model.InputFiles)
        {
            var scores = engine.Run(model.Inputs(engine.Graph, file)).Values.Single().AsSpan<float>().ToArray();
            var predicted = Array.IndexOf(scores, scores.Max());
            Assert.Equal(int.Parse(Path.GetFileNameWithoutExtension(file)), predicted);
        }
    }

    [Fact]
    public void Results_are_identical_with_one_and_two_threads()
    {
        foreach (var model in RealModel.All())
        {
            var one = new FloatEngine(model.Load(), new EngineOptions(MaxThreads: 1));
            var two = new FloatEngine(model.Load(), new EngineOptions(MaxThreads: 2));
            foreach (var file in model.InputFiles)
            {
                var a = one.Run(model.Inputs(one.Graph, file));
                var b = two.Run(model.Inputs(two.Graph, file));
                foreach (var (n, t) in a)
                {
                    Assert.True(t.ToBytes().AsSpan().SequenceEqual(b[n].ToBytes()), $"{model.Name} {n} differs between 1 and 2 threads");
                }
            }
        }
    }

    private static (double MaxAbs, double MaxRel) Differences(Tensor expected, Tensor actual)
    {
        if (expected.Length != actual.Length)
        {
            return (double.NaN, double.NaN);
        }
        double maxAbs = 0, maxRel = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            double e = expected.GetDouble(i), d = Math.Abs(actual.GetDouble(i) - e);
            maxAbs = Math.Max(maxAbs, d);
            if (Math.Abs(e) >= 1e-3)
            {
                maxRel = Math.Max(maxRel, d / Math.Abs(e));
            }
        }
        return (maxAbs, maxRel);
    }
}
