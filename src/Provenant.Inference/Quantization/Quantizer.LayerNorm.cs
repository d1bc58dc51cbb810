using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>LayerNormalization → QLayerNorm (int32) + Requantize (a sole following Relu fused).</summary>
public sealed partial class Quantizer
{
    /// <summary>Bits of Z's scale above the row length: Z ≈ z·2^ZScaleBits/n for normalised z.</summary>
    private const int ZScaleBits = 14;

    /// <summary>
    /// Largest Requantize shift after a QLayerNorm (the multiplier then has fewer than 31 bits): with a 31-bit accumulator,
    /// larger shifts make the proof's requantize identity (docs/proof-system-layers.md §Requantize) reach p.
    /// </summary>
    private const int MaxShift = 40;

    private void LayerNorm(GraphNode n)
    {
        var x = Need(n.Inputs[0], n);
        if (n.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            throw Unsupported(n, "LayerNormalization with Mean or InvStdDev outputs cannot be quantized");
        }
        var gammaTensor = Const(n, 1, "scale");
        var len = gammaTensor.Length;
        var rank = _graph.Values.GetValueOrDefault(n.Inputs[0])?.Shape?.Count;
        var axis = n.Attributes.Int("axis", -1);
        if (gammaTensor.Rank != 1 || !(axis == -1 || (rank is int r && TensorShape.NormalizeAxis(axis, r) == r - 1)))
        {
            throw Unsupported(n, $"LayerNormalization over axis {axis} with scale {gammaTensor.ShapeText} (only the last axis, 1-D scale, is supported)");
        }
        var gamma = Enumerable.Range(0, len).Select(i => gammaTensor.GetDouble(i)).ToArray();
        var beta = n.HasInput(2) ? Const(n, 2, "B") : null;
        if (beta is not null && beta.Length != len)
        {
            throw Unsupported(n, $"bias {beta.ShapeText} must have {len} elements");
        }
        EmitLayerNorm(n, x, gamma, beta is null ? null : Enumerable.Range(0, len).Select(i => beta.GetDouble(i)).ToArray(), n.Attributes.Float("epsilon", 1e-5f), n.Outputs[0]);
    }

    /// <summary>
    /// The decomposed layer normalisation exporters write for opsets before 17, matched from its first ReduceMean:
    /// m = ReduceMean(x), d = Sub(x, m), Pow(d, 2) → ReduceMean → Add(·, ε) → Sqrt → Div(d, ·), then optionally Mul by a
    /// constant γ and Add of a constant β (both over the last axis; every intermediate used only inside the pattern).
    /// </summary>
    private void DecomposedLayerNorm(GraphNode mean)
    {
        const string Supported = "ReduceMean is quantized only as the start of a layer normalisation over the last axis: "
            + "ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div [, Mul γ] [, Add β]";
        var x = mean.Inputs[0];
        var rank = _calibration.Shape(x)?.Count ?? _graph.Values.GetValueOrDefault(x)?.Shape?.Count;
        var len = _calibration.Shape(x) is { Count: > 0 } shape ? shape[^1] : 0;
        bool LastAxis(GraphNode r)
        {
            var axes = r.Attributes.Ints("axes") ?? (r.HasInput(1) && _constants.TryGetValue(r.Inputs[1], out var t) ? t.ToInt64Array() : null);
            return r.OpType == "ReduceMean" && r.Attributes.Int("keepdims", 1) == 1 && axes is [var a] && rank is int k && TensorShape.NormalizeAxis(a, k) == k - 1;
        }
        bool Scalar(GraphNode node, int index, Func<double, bool> accept) =>
            node.HasInput(index) && _constants.TryGetValue(node.Inputs[index], out var c) && c.Length == 1 && accept(c.GetDouble(0));
        GraphNode Next(GraphNode node, string op) =>
            SoleConsumer(node.Outputs[0]) is { } c && c.OpType == op ? c : throw Unsupported(mean, Supported);
        if (!LastAxis(mean) || len < 2)
        {
            throw Unsupported(mean, Supported);
        }
        var sub = Next(mean, "Sub");
        var users = _consumers.GetValueOrDefault(sub.Outputs[0]) ?? [];
        var pow = users.FirstOrDefault(u => u.OpType == "Pow");
        var div = users.FirstOrDefault(u => u.OpType == "Div");
        if (sub.Inputs[0] != x || sub.Inputs[1] != mean.Outputs[0] || users.Count != 2 || pow is null || div is null || _graphOutputs.Contains(sub.Outputs[0])
            || pow.Inputs[0] != sub.Outputs[0] || !Scalar(pow, 1, e => e == 2))
        {
            throw Unsupported(mean, Supported);
        }
        var variance = Next(pow, "ReduceMean");
        var addEpsilon = Next(variance, "Add");
        var sqrt = Next(addEpsilon, "Sqrt");
        var epsilonIndex = addEpsilon.Inputs[0] == variance.Outputs[0] ? 1 : 0;
        if (!LastAxis(variance) || !Scalar(addEpsilon, epsilonIndex, e => e > 0 && double.IsFinite(e)) || Next(sqrt, "Div") != div
            || div.Inputs[0] != sub.Outputs[0])
        {
            throw Unsupported(mean, Supported);
        }
        var epsilon = (float)_constants[addEpsilon.Inputs[epsilonIndex]].GetDouble(0);
        _fused.UnionWith([sub.Id, pow.Id, variance.Id, addEpsilon.Id, sqrt.Id, div.Id]);
        var output = div.Outputs[0];
        var gamma = Enumerable.Repeat(1.0, len).ToArray();
        double[]? beta = null;
        if (Affine(output, "Mul", len) is { } mul)
        {
            gamma = mul.Values;
            _fused.Add(mul.Node.Id);
            output = mul.Node.Outputs[0];
            if (Affine(output, "Add", len) is { } add)
            {
                beta = add.Values;
                _fused.Add(add.Node.Id);
                output = add.Node.Outputs[0];
            }
        }
        EmitLayerNorm(mean, Need(x, mean), gamma, beta, epsilon, output);
    }

    /// <summary>The sole consumer of <paramref name="value"/> when it is <paramref name="op"/> with a constant of <paramref name="len"/> elements or one (broadcast over the last axis).</summary>
    private (GraphNode Node, double[] Values)? Affine(string value, string op, int len)
    {
        if (_graphOutputs.Contains(value) || SoleConsumer(value) is not { } c || c.OpType != op || c.Inputs.Count != 2)
        {
            return null;
        }
        var other = c.Inputs[0] == value ? 1 : 0;
        if (!_constants.TryGetValue(c.Inputs[other], out var t) || (t.Length != len && t.Length != 1) || (t.Length == len && t.Shape[^1] != len))
        {
            return null;
        }
        return (c, Enumerable.Range(0, len).Select(i => t.GetDouble(t.Length == 1 ? 0 : i)).ToArray());
    }

    /// <summary>QLayerNorm + Requantize of <paramref name="x"/> with real γ, β and ε, producing <paramref name="output"/> (a sole following Relu fused).</summary>
    private void EmitLayerNorm(GraphNode n, QuantizedValue x, double[] gamma, double[]? beta, float epsilonValue, string output)
    {
        var len = gamma.Length;
        var (epsilon, m, k) = NormParameters(n, len, epsilonValue, x.Params.Scale);
        var relu = false;
        if (!_graphOutputs.Contains(output) && SoleConsumer(output) is { OpType: "Relu" } fusedRelu)
        {
            _fused.Add(fusedRelu.Id);
            output = fusedRelu.Outputs[0];
            relu = true;
        }
        var y = Params(output, n.ToString());
        // Real A = gamma·z + beta = (G·Z + B)·scaleA with z = Z·n·2^(m/2 − k) and G = round(gamma·2^g).
        var zScale = len * Math.Pow(2, m / 2 - k);
        var bits = QLayerNormArithmetic.NormalizedBits(m, k);
        for (var g = 40; g >= -40; g--)
        {
            var aScale = zScale * Math.Pow(2, -g);
            var gq = gamma.Select(v => (long)Math.Round(v * Math.Pow(2, g), MidpointRounding.AwayFromZero)).ToArray();
            var bq = Enumerable.Range(0, len).Select(i => beta is null ? 0 : (long)Math.Round(beta[i] / aScale, MidpointRounding.AwayFromZero)).ToArray();
            if (gq.Zip(bq).Any(p => Math.Abs(p.First) * (1L << bits) + Math.Abs(p.Second) > int.MaxValue))
            {
                continue;
            }
            var stem = output;
            var acc = _out.Fresh(stem + ".norm");
            _out.Node(QuantDomain.QLayerNorm, n.Name, [x.Name, _out.Constant(stem + ".gamma", Tensor.FromArray(gq.Select(v => (int)v).ToArray(), len)),
                _out.Constant(stem + ".beta", Tensor.FromArray(bq.Select(v => (int)v).ToArray(), len)), _out.Constant(stem + ".epsilon", Tensor.FromArray(new[] { epsilon }))],
                acc, [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("norm_shift", m), OnnxAttribute.FromInt("scale_shift", k)]);
            var (multiplier, shift) = FixedPoint.Encode(aScale / y.Scale, n.ToString());
            if (shift > MaxShift)
            {
                // A wide accumulator needs a smaller shift for the proof's requantize identity to stay below p.
                shift = MaxShift;
                multiplier = (int)Math.Round(aScale / y.Scale * Math.Pow(2, MaxShift), MidpointRounding.AwayFromZero);
            }
            var name = _out.Fresh(stem + ".q");
            _out.Node(QuantDomain.Requantize, n.Name + ".requantize", [acc, _out.Constant(stem + ".multiplier", Tensor.FromArray(new[] { multiplier })),
                _out.Int8(stem + ".shift", shift), _out.Int8(stem + ".y_zero_point", y.ZeroPoint)], name, [OnnxAttribute.FromInt("relu", relu ? 1 : 0)]);
            _quantized[output] = new QuantizedValue(name, y);
            return;
        }
        throw Unsupported(n, "scale and bias cannot be fitted into the int32 accumulator (|G|·2^b + |B| ≤ 2^31 − 1)");
    }

    /// <summary>
    /// E = max(⌈4/2^m⌉, round(n⁴·ε/s_x²)) (ε in the input's integer units, times n⁴ as in N = 2^m·(n·Q + E)); m the
    /// largest even shift with 2^m·(n·Q_max + E) &lt; 2^62; k = m/2 + <see cref="ZScaleBits"/>.
    /// </summary>
    private static (long Epsilon, int NormShift, int ScaleShift) NormParameters(GraphNode n, int len, double epsilon, double scale)
    {
        var e = Math.Max(1.0, Math.Round(Math.Pow(len, 4) * epsilon / (scale * scale), MidpointRounding.AwayFromZero));
        if (len < 2 || len > QLayerNormArithmetic.MaxRow || !(e <= 1L << 50))
        {
            throw Unsupported(n, $"LayerNormalization over {len} elements with epsilon {epsilon} at input scale {scale} (rows of 2…{QLayerNormArithmetic.MaxRow}, n⁴·ε/s² ≤ 2^50)");
        }
        var eps = (long)e;
        var bound = (double)len * QLayerNormArithmetic.SquareSumBound(len) + eps;
        var m = 60;
        while (m > 0 && bound * Math.Pow(2, m) >= QLayerNormArithmetic.MaxRadicand)
        {
            m -= 2;
        }
        eps = Math.Max(eps, 4L >> Math.Min(m, 2));
        var k = m / 2 + ZScaleBits;
        while (k > m / 2 && (len - 1) * 255.0 * Math.Pow(2, k) >= QLayerNormArithmetic.MaxRadicand)
        {
            k--;
        }
        if (QLayerNormArithmetic.Check(len, eps, m, k, new long[len], new long[len]) is { } why)
        {
            throw Unsupported(n, $"LayerNormalization over {len} elements: {why}");
        }
        return (eps, m, k);
    }
}
