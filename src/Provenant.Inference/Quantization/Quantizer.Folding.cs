using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Constant folding before quantization: <c>Constant</c> nodes, <c>Shape</c> of a value whose shape was the same in
/// every calibration run, and every node whose inputs are all constants (shape arithmetic, ConstantOfShape, NonZero,
/// position indices, mask slices, Identity of initializers…) are evaluated once on the float reference engine and
/// become initializers of the quantized model; their nodes disappear.
/// </summary>
public sealed partial class Quantizer
{
    /// <summary>True once a Shape was folded: the quantized model then only accepts the calibrated input shapes.</summary>
    private bool _shapesFixed;

    private void FoldConstants()
    {
        foreach (var n in _graph.Nodes)
        {
            if (n.Domain.Length > 0)
            {
                continue;
            }
            if (n.OpType == "Constant")
            {
                _constants[n.Outputs[0]] = n.Attributes.Tensor("value") ?? throw Unsupported(n, "only Constant with a 'value' tensor is supported");
            }
            else if (n.OpType == "Shape" && n.HasInput(0) && !_constants.ContainsKey(n.Inputs[0]) && _calibration.Shape(n.Inputs[0]) is { } shape)
            {
                _constants[n.Outputs[0]] = ShapeConstant(n, shape);
                _shapesFixed = true;
            }
            else if (n.Inputs.Any(i => i.Length > 0) && n.Inputs.All(i => i.Length == 0 || _constants.ContainsKey(i)))
            {
                var outputs = n.Outputs.Where(o => o.Length > 0).ToArray();
                var values = SubgraphRunner.Run(_graph, [n], _constants, new Dictionary<string, Tensor>(), outputs, $"constant folding of {n}");
                foreach (var o in outputs)
                {
                    _constants[o] = values[o];
                }
            }
            else
            {
                continue;
            }
            _fused.Add(n.Id);
        }
    }

    /// <summary>ONNX Shape (with the opset-15 <c>start</c>/<c>end</c> attributes, negative values from the end, clamped) of a fixed shape.</summary>
    private static Tensor ShapeConstant(GraphNode n, IReadOnlyList<int> shape)
    {
        var rank = shape.Count;
        int Bound(long v) => (int)Math.Clamp(v < 0 ? v + rank : v, 0, rank);
        var start = Bound(n.Attributes.Int("start", 0));
        var end = Bound(n.Attributes.Int("end", rank));
        var dims = shape.Skip(start).Take(Math.Max(0, end - start)).Select(d => (long)d).ToArray();
        return Tensor.FromArray(dims, dims.Length);
    }
}
