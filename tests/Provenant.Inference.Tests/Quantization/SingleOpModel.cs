using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>A one-node ai.provenant.quant model: graph inputs for activations, initializers for parameters.</summary>
internal static class SingleOpModel
{
    public static ModelGraph Build(string op, (string Name, Tensor Value, bool Parameter)[] inputs, params OnnxAttribute[] attributes)
    {
        var node = new OnnxNode("n", op, QuantDomain.Name, inputs.Select(i => i.Name).ToArray(), ["y"], attributes);
        var graph = new OnnxGraph("g", [node],
            inputs.Where(i => i.Parameter).Select(i => i.Value.ToOnnx(i.Name)).ToArray(),
            inputs.Where(i => !i.Parameter).Select(i => new OnnxValueInfo(i.Name, TensorDataTypes.ToOnnx(i.Value.DataType), i.Value.Shape.Select(d => new OnnxDimension(d, null)).ToArray())).ToArray(),
            [new OnnxValueInfo("y", null, null)], []);
        var model = new OnnxModel(8, [new OnnxOpsetImport("", 13), new OnnxOpsetImport(QuantDomain.Name, QuantDomain.Version)], "test", "", graph);
        return QuantizedModels.RoundTrip(model);
    }

    /// <summary>Runs the one-node model on its activation inputs.</summary>
    public static Tensor Run(string op, (string Name, Tensor Value, bool Parameter)[] inputs, params OnnxAttribute[] attributes)
    {
        var engine = new IntegerEngine(Build(op, inputs, attributes));
        return engine.Run(inputs.Where(i => !i.Parameter).ToDictionary(i => i.Name, i => i.Value))["y"];
    }

    public static (string, Tensor, bool) Act(string name, Tensor t) => (name, t, false);

    public static (string, Tensor, bool) Param(string name, Tensor t) => (name, t, true);

    public static Tensor I8(sbyte v) => Tensor.FromArray(new[] { v });

    public static sbyte[] RandomInt8(Random r, int n, bool extremes = true) =>
        Enumerable.Range(0, n).Select(i => extremes && i % 7 == 0 ? (sbyte)(i % 2 == 0 ? -128 : 127) : (sbyte)r.Next(-128, 128)).ToArray();
}
