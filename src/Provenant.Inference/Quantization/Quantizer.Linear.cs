using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>Gemm, MatMul(+Add), Conv(+BatchNormalization) → QGemm/QConv + Requantize (a sole following Relu fused).</summary>
public sealed partial class Quantizer
{
    // ---- linear layers -------------------------------------------------------------------------

    private void Gemm(GraphNode n)
    {
        if (n.Attributes.Int("transA", 0) != 0)
        {
            throw Unsupported(n, "Gemm with transA = 1 cannot be quantized");
        }
        var b = Const(n, 1, "B");
        if (b.Rank != 2)
        {
            throw Unsupported(n, $"B {b.ShapeText} must be a matrix");
        }
        var alpha = n.Attributes.Float("alpha", 1f);
        var beta = n.Attributes.Float("beta", 1f);
        var transB = n.Attributes.Int("transB", 0) != 0;
        int nOut = transB ? b.Shape[0] : b.Shape[1], k = transB ? b.Shape[1] : b.Shape[0];
        var w = new double[nOut * k];
        for (var o = 0; o < nOut; o++)
        {
            for (var i = 0; i < k; i++)
            {
                w[o * k + i] = alpha * b.GetDouble(transB ? o * k + i : i * nOut + o);
            }
        }
        var bias = n.HasInput(2) ? BiasVector(n, Const(n, 2, "C"), nOut, beta) : new double[nOut];
        Linear(n, Need(n.Inputs[0], n), w, [nOut, k], bias, n.Outputs[0], QuantDomain.QGemm, [], -1);
    }

    private void MatMul(GraphNode n)
    {
        var b = _constants.GetValueOrDefault(n.Inputs[1]);
        if (b is null && n.HasInput(1) && !_constants.ContainsKey(n.Inputs[0]))
        {
            ActivationMatMul(n);
            return;
        }
        if (b is null || b.Rank != 2)
        {
            throw Unsupported(n, "MatMul is quantized only with a constant 2-D right operand (weights) or two activations");
        }
        int k = b.Shape[0], nOut = b.Shape[1];
        var w = new double[nOut * k];
        for (var o = 0; o < nOut; o++)
        {
            for (var i = 0; i < k; i++)
            {
                w[o * k + i] = b.GetDouble(i * nOut + o);
            }
        }
        var bias = new double[nOut];
        var output = n.Outputs[0];
        if (SoleConsumer(output) is { OpType: "Add" } add)
        {
            var other = add.Inputs[0] == output ? 1 : 0;
            if (_constants.TryGetValue(add.Inputs[other], out var c) && (c.Length == nOut || c.Length == 1))
            {
                bias = BiasVector(add, c, nOut, 1f);
                _fused.Add(add.Id);
                output = add.Outputs[0];
            }
        }
        Linear(n, Need(n.Inputs[0], n), w, [nOut, k], bias, output, QuantDomain.QGemm, [], -1);
    }

    private void Conv(GraphNode n)
    {
        var w = Const(n, 1, "W");
        var m = w.Shape[0];
        var perChannel = w.Length / Math.Max(1, m);
        var weights = new double[w.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = w.GetDouble(i);
        }
        var bias = n.HasInput(2) ? BiasVector(n, Const(n, 2, "B"), m, 1f) : new double[m];
        var output = n.Outputs[0];
        if (SoleConsumer(output) is { OpType: "BatchNormalization" } bn)
        {
            output = FoldBatchNorm(bn, weights, bias, m, perChannel);
        }
        var attributes = new[] { "kernel_shape", "strides", "pads", "dilations", "group", "auto_pad" }
            .Where(n.Attributes.Has).Select(a => n.Attributes[a]!).ToArray();
        Linear(n, Need(n.Inputs[0], n), weights, [.. w.Shape], bias, output, QuantDomain.QConv, attributes, 1);
    }

    private string FoldBatchNorm(GraphNode bn, double[] weights, double[] bias, int channels, int perChannel)
    {
        if (bn.Outputs.Count > 1 && bn.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            throw Unsupported(bn, "BatchNormalization in training mode cannot be folded");
        }
        Tensor scale = Const(bn, 1, "scale"), shift = Const(bn, 2, "B"), mean = Const(bn, 3, "mean"), variance = Const(bn, 4, "var");
        var epsilon = bn.Attributes.Float("epsilon", 1e-5f);
        for (var c = 0; c < channels; c++)
        {
            var factor = scale.GetDouble(c) / Math.Sqrt(variance.GetDouble(c) + epsilon);
            for (var i = 0; i < perChannel; i++)
            {
                weights[c * perChannel + i] *= factor;
            }
            bias[c] = (bias[c] - mean.GetDouble(c)) * factor + shift.GetDouble(c);
        }
        _fused.Add(bn.Id);
        return bn.Outputs[0];
    }

    /// <summary>Emits QGemm/QConv + Requantize (with a following Relu fused) for weights [channels, …].</summary>
    private void Linear(GraphNode n, QuantizedValue input, double[] weights, int[] shape, double[] bias, string output,
        string op, OnnxAttribute[] attributes, int axis)
    {
        var relu = false;
        if (!_graphOutputs.Contains(output) && SoleConsumer(output) is { OpType: "Relu" } r)
        {
            _fused.Add(r.Id);
            output = r.Outputs[0];
            relu = true;
        }
        var channels = shape[0];
        var perChannel = weights.Length / Math.Max(1, channels);
        var q = new sbyte[weights.Length];
        var wScale = new double[channels];
        var biasQ = new int[channels];
        var y = Params(output, n.ToString());
        var multipliers = new int[channels];
        var shifts = new sbyte[channels];
        for (var c = 0; c < channels; c++)
        {
            var max = 0.0;
            for (var i = 0; i < perChannel; i++)
            {
                max = Math.Max(max, Math.Abs(weights[c * perChannel + i]));
            }
            wScale[c] = max > 0 ? max / 127 : 1;
            for (var i = 0; i < perChannel; i++)
            {
                q[c * perChannel + i] = (sbyte)Math.Clamp(Math.Round(weights[c * perChannel + i] / wScale[c], MidpointRounding.AwayFromZero), -127, 127);
            }
            var accScale = input.Params.Scale * wScale[c];
            var bq = Math.Round(bias[c] / accScale, MidpointRounding.AwayFromZero);
            if (Math.Abs(bq) > 1 << 30)
            {
                throw Unsupported(n, $"bias of channel {c} ({bias[c]}) is too large for the int32 accumulator at scale {accScale}");
            }
            biasQ[c] = (int)bq;
            (multipliers[c], var s) = FixedPoint.Encode(accScale / y.Scale, n.ToString());
            shifts[c] = (sbyte)s;
        }
        var stem = output;
        var acc = _out.Fresh(stem + ".acc");
        _out.Node(op, n.Name, [input.Name, _out.Int8(stem + ".x_zero_point", input.Params.ZeroPoint),
            _out.Constant(stem + ".weight", Tensor.FromArray(q, shape)), _out.Constant(stem + ".bias", Tensor.FromArray(biasQ, channels))], acc, attributes);
        var name = _out.Fresh(stem + ".q");
        _out.Node(QuantDomain.Requantize, n.Name + ".requantize", [acc, _out.Constant(stem + ".multiplier", Tensor.FromArray(multipliers, channels)),
            _out.Constant(stem + ".shift", Tensor.FromArray(shifts, channels)), _out.Int8(stem + ".y_zero_point", y.ZeroPoint)], name,
            [OnnxAttribute.FromInt("axis", axis), OnnxAttribute.FromInt("relu", relu ? 1 : 0)]);
        _quantized[output] = new QuantizedValue(name, y);
    }

    private double[] BiasVector(GraphNode n, Tensor c, int channels, float beta)
    {
        if (c.Length != channels && c.Length != 1)
        {
            throw Unsupported(n, $"bias {c.ShapeText} must have {channels} elements or one");
        }
        var r = new double[channels];
        for (var i = 0; i < channels; i++)
        {
            r[i] = beta * c.GetDouble(c.Length == 1 ? 0 : i);
        }
        return r;
    }
}
