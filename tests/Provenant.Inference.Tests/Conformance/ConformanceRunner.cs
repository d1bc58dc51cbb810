using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;

namespace Provenant.Inference.Tests.Conformance;

/// <summary>
/// Runs one folder of ../shared/data/onnx-node-tests (ONNX v1.22.0 backend node tests: model.onnx and
/// test_data_set_*/input_N.pb, output_N.pb) on the float engine and compares with ONNX's backend test
/// tolerance: |actual − expected| ≤ atol + rtol·|expected| with rtol 1e-3, atol 1e-7 (onnx/backend/test/
/// runner: np.testing.assert_allclose); element type and shape must match exactly; NaN matches NaN.
/// </summary>
public static class ConformanceRunner
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Data types and value kinds the engines refuse on purpose; an unsupported error must name one.</summary>
    private static readonly string[] KnownUnsupported =
        ["FLOAT8", "FLOAT4E2M1", "INT4", "UINT4", "INT2", "UINT2", "STRING", "only tensor values are supported"];

    public static string Root => SharedData.Get("onnx-node-tests");

    /// <summary>Test folders relative to <see cref="Root"/>: test_* and pytorch-converted/*, pytorch-operator/*.</summary>
    public static IEnumerable<string> Folders()
    {
        var root = Root;
        return Directory.EnumerateDirectories(root, "test_*")
            .Concat(Directory.EnumerateDirectories(Path.Combine(root, "pytorch-converted"), "test_*"))
            .Concat(Directory.EnumerateDirectories(Path.Combine(root, "pytorch-operator"), "test_*"))
            .Select(d => Path.GetRelativePath(root, d).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Whether every operator of the folder's graph is one the engine implements.</summary>
    public static bool InScope(string folder)
    {
        var model = OnnxModelReader.Read(Path.Combine(Root, folder, "model.onnx"));
        return model.Graph.Nodes.All(n => n.Domain.Length == 0 && OperatorRegistry.IsSupported(n.OpType));
    }

    public static (ConformanceStatus Status, string Detail) Run(string folder)
    {
        var dir = Path.Combine(Root, folder);
        if (!InScope(folder))
        {
            return (ConformanceStatus.OutOfScope, "ops outside the engine's list");
        }
        FloatEngine engine;
        try
        {
            engine = new FloatEngine(ModelGraph.Load(Path.Combine(dir, "model.onnx")), new EngineOptions(MaxThreads: 2));
        }
        catch (UnsupportedFeatureException e)
        {
            return KnownUnsupported.Any(k => e.Message.Contains(k, StringComparison.Ordinal))
                ? (ConformanceStatus.Unsupported, e.Message)
                : (ConformanceStatus.Failed, "unexpectedly unsupported: " + e.Message);
        }
        var sets = Directory.GetDirectories(dir, "test_data_set_*").Order(StringComparer.Ordinal).ToArray();
        if (sets.Length == 0)
        {
            return (ConformanceStatus.Failed, "no test_data_set folders");
        }
        foreach (var set in sets)
        {
            var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var graphInputs = engine.Graph.Inputs;
            for (var i = 0; File.Exists(Path.Combine(set, $"input_{i}.pb")); i++)
            {
                if (i >= graphInputs.Count)
                {
                    return (ConformanceStatus.Failed, $"{Path.GetFileName(set)}: more input files than graph inputs");
                }
                inputs[graphInputs[i].Name] = Tensor.FromOnnx(OnnxTensorFile.Read(Path.Combine(set, $"input_{i}.pb")), "input");
            }
            IReadOnlyDictionary<string, Tensor> outputs;
            try
            {
                outputs = engine.Run(inputs);
            }
            catch (ProvenantException e)
            {
                return (ConformanceStatus.Failed, $"{Path.GetFileName(set)}: {e.Message}");
            }
            for (var i = 0; i < engine.Graph.Outputs.Count; i++)
            {
                var expected = Tensor.FromOnnx(OnnxTensorFile.Read(Path.Combine(set, $"output_{i}.pb")), "output");
                var actual = outputs[engine.Graph.Outputs[i].Name];
                if (Compare(expected, actual) is { } problem)
                {
                    return (ConformanceStatus.Failed, $"{Path.GetFileName(set)} output {i} '{engine.Graph.Outputs[i].Name}': {problem}");
                }
            }
        }
        return (ConformanceStatus.Passed, $"{sets.Length} data set(s)");
    }

    /// <summary>Null when equal within tolerance, else a description of the first difference.</summary>
    public static string? Compare(Tensor expected, Tensor actual, double rtol = RelativeTolerance, double atol = AbsoluteTolerance)
    {
        if (expected.DataType != actual.DataType)
        {
            return $"type {TensorDataTypes.Name(actual.DataType)}, expected {TensorDataTypes.Name(expected.DataType)}";
        }
        if (!TensorShape.SameAs(expected.Dims, actual.Dims))
        {
            return $"shape {actual.ShapeText}, expected {expected.ShapeText}";
        }
        var isFloat = TensorDataTypes.IsFloat(expected.DataType);
        for (var i = 0; i < expected.Length; i++)
        {
            double e = expected.GetDouble(i), a = actual.GetDouble(i);
            var equal = isFloat
                ? (double.IsNaN(e) && double.IsNaN(a)) || a == e || Math.Abs(a - e) <= atol + rtol * Math.Abs(e)
                : a == e;
            if (!equal)
            {
                return $"element {i}: {a:R}, expected {e:R}";
            }
        }
        if (!isFloat && !expected.ToBytes().AsSpan().SequenceEqual(actual.ToBytes()))
        {
            return "integer elements differ beyond double precision";
        }
        return null;
    }
}
