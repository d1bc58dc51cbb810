using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Transformer operators: embedding lookups (Gather of a constant table by token ids → QGather), the product of two
/// activations (attention's Q·Kᵀ and A·V → QMatMul + Requantize, a following scale by a positive constant folded in),
/// the causal mask (Where(mask, fill, scores) before Softmax → QSoftmax's mask and mask table) and Softmax feeding more operators
/// (QSoftmax with int8 output).
/// </summary>
public sealed partial class Quantizer
{
    /// <summary>Where outputs that are masked Softmax inputs: the unmasked scores and the BOOL mask (true = masked out).</summary>
    private readonly Dictionary<string, (string Scores, Tensor Mask, double Fill)> _softmaxMasks = new(StringComparer.Ordinal);

    private void Gather(GraphNode n)
    {
        var data = Const(n, 0, "data");
        if (!n.HasInput(1) || !_indices.Contains(n.Inputs[1]))
        {
            throw Unsupported(n, "Gather is quantized only as a lookup of a constant table by an INT32/INT64 graph input (token ids)");
        }
        if (data.DataType != TensorDataType.Float32 || data.Rank < 1 || TensorShape.NormalizeAxis(n.Attributes.Int("axis", 0), data.Rank) != 0)
        {
            throw Unsupported(n, $"Gather of {TensorDataTypes.Name(data.DataType)} {data.ShapeText} on axis {n.Attributes.Int("axis", 0)} (a FLOAT table on axis 0 is supported)");
        }
        var values = data.AsSpan<float>();
        var p = ActivationQuantization.FromRange(ValueRange.Empty.Include(values));
        var q = new sbyte[values.Length];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = QuantArithmetic.QuantizeInput(values[i], p.Scale, p.ZeroPoint);
        }
        var output = n.Outputs[0];
        var name = _out.Fresh(output + ".q");
        _out.Node(QuantDomain.QGather, n.Name, [_out.Constant(n.Inputs[0] + ".q", Tensor.FromArray(q, [.. data.Shape])), _out.Int8(output + ".zero_point", p.ZeroPoint), n.Inputs[1]], name);
        _quantized[output] = new QuantizedValue(name, p);
    }

    /// <summary>MatMul of two int8 activations → QMatMul + Requantize; a sole following Mul/Div by a positive constant scalar is folded into the multiplier.</summary>
    private void ActivationMatMul(GraphNode n)
    {
        var a = Need(n.Inputs[0], n);
        var b = Need(n.Inputs[1], n);
        var output = n.Outputs[0];
        var factor = 1.0;
        if (!_graphOutputs.Contains(output) && SoleConsumer(output) is { OpType: "Mul" or "Div" } scale)
        {
            var other = scale.Inputs[0] == output ? 1 : 0;
            if (_constants.TryGetValue(scale.Inputs[other], out var c) && c.Length == 1 && c.GetDouble(0) > 0 && (scale.OpType == "Mul" || other == 1))
            {
                factor = scale.OpType == "Mul" ? c.GetDouble(0) : 1 / c.GetDouble(0);
                _fused.Add(scale.Id);
                output = scale.Outputs[0];
            }
        }
        var y = Params(output, n.ToString());
        var (multiplier, shift) = FixedPoint.Encode(a.Params.Scale * (double)b.Params.Scale * factor / y.Scale, n.ToString());
        var acc = _out.Fresh(output + ".acc");
        _out.Node(QuantDomain.QMatMul, n.Name, [a.Name, _out.Int8(output + ".a_zero_point", a.Params.ZeroPoint), b.Name, _out.Int8(output + ".b_zero_point", b.Params.ZeroPoint)], acc);
        var name = _out.Fresh(output + ".q");
        _out.Node(QuantDomain.Requantize, n.Name + ".requantize", [acc, _out.Constant(output + ".multiplier", Tensor.FromArray(new[] { multiplier })),
            _out.Int8(output + ".shift", shift), _out.Int8(output + ".y_zero_point", y.ZeroPoint)], name, [OnnxAttribute.FromInt("axis", -1)]);
        _quantized[output] = new QuantizedValue(name, y);
    }

    /// <summary>
    /// Where(cond, fill, scores) or Where(cond, scores, fill) with a constant BOOL cond, a constant one-element fill
    /// (finite or −∞) and Softmax as the sole consumer: recorded as that Softmax's mask.
    /// </summary>
    private void SoftmaxMask(GraphNode n)
    {
        var output = n.Outputs[0];
        const string Supported = "Where is quantized only as a causal mask before Softmax: Where(constant BOOL, constant fill, scores)";
        if (SoleConsumer(output) is not { OpType: "Softmax" } || !n.HasInput(0) || !_constants.TryGetValue(n.Inputs[0], out var cond) || cond.DataType != TensorDataType.Bool)
        {
            throw Unsupported(n, Supported + " (the condition must be a BOOL constant and Softmax the only consumer)");
        }
        var fillFirst = _constants.ContainsKey(n.Inputs[1]);
        var fill = _constants.GetValueOrDefault(n.Inputs[fillFirst ? 1 : 2]);
        var scores = n.Inputs[fillFirst ? 2 : 1];
        if (fill is null || fill.Length != 1 || _constants.ContainsKey(scores) || !(double.IsNegativeInfinity(fill.GetDouble(0)) || double.IsFinite(fill.GetDouble(0))))
        {
            throw Unsupported(n, Supported + " (the fill must be one constant, finite or −∞, and the scores an activation)");
        }
        var masked = new bool[cond.Length];
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] = cond.GetDouble(i) != 0 == fillFirst;
        }
        _softmaxMasks[output] = (scores, Tensor.FromArray(masked, [.. cond.Shape]), fill.GetDouble(0));
    }
}
