using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Post-training static quantization of a float model to the <c>ai.provenant.quant</c> format
/// (docs/quantization.md): weights int8 per output channel (symmetric, ±127), activations int8 per tensor
/// (asymmetric, from the <see cref="Calibration"/> ranges), int32 bias and accumulators, Requantize by
/// fixed-point multiplier and shift. Patterns: Gemm; MatMul (+ Add of a constant bias); Conv
/// (+ BatchNormalization folded); each optionally followed by Relu (fused into Requantize); Relu,
/// Sigmoid, Tanh, GELU/Erf and other chains of elementwise operators with scalar constants on one
/// activation (one QLookup table); MaxPool, AveragePool, GlobalAveragePool; Flatten, Reshape (constant
/// shape), Identity; Add of two activations or of an activation and a constant (QAdd); Softmax over the
/// last axis (QSoftmax). Anything else is an <see cref="UnsupportedFeatureException"/> naming the node.
/// </summary>
public sealed class Quantizer
{
    private readonly ModelGraph _graph;
    private readonly Calibration _calibration;
    private readonly QuantGraphBuilder _out;
    private readonly Dictionary<string, Tensor> _constants;
    private readonly Dictionary<string, QuantizedValue> _quantized = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ElementwiseRegion> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GraphNode>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<int> _fused = [];
    private readonly HashSet<string> _graphOutputs;

    private Quantizer(ModelGraph graph, Calibration calibration)
    {
        _graph = graph;
        _calibration = calibration;
        _constants = new Dictionary<string, Tensor>(graph.Initializers, StringComparer.Ordinal);
        _graphOutputs = graph.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        _out = new QuantGraphBuilder(graph.Values.Keys.Concat(graph.Nodes.SelectMany(n => n.Outputs)));
        foreach (var n in graph.Nodes)
        {
            foreach (var i in n.Inputs.Where(i => i.Length > 0))
            {
                if (!_consumers.TryGetValue(i, out var list))
                {
                    _consumers[i] = list = [];
                }
                list.Add(n);
            }
        }
    }

    /// <summary>
    /// Quantizes <paramref name="graph"/> with the ranges in <paramref name="calibration"/>. The result
    /// has the same graph inputs (float32) and outputs (float32, by Dequantize) as the source.
    /// </summary>
    /// <exception cref="UnsupportedFeatureException">A node or pattern is not supported (the message names the node), or a value has no calibration range.</exception>
    public static OnnxModel Quantize(ModelGraph graph, Calibration calibration)
    {
        var q = new Quantizer(graph, calibration);
        return q.Build();
    }

    private OnnxModel Build()
    {
        foreach (var input in _graph.Inputs)
        {
            if (input.DataType != TensorDataType.Float32)
            {
                throw new UnsupportedFeatureException($"graph input '{input.Name}': only FLOAT inputs can be quantized");
            }
            var p = Params(input.Name, $"graph input '{input.Name}'");
            var name = _out.Fresh(input.Name + ".q");
            _out.Node(QuantDomain.Quantize, "quantize_" + input.Name, [input.Name, _out.Float(input.Name + ".scale", p.Scale), _out.Int8(input.Name + ".zero_point", p.ZeroPoint)], name);
            _quantized[input.Name] = new QuantizedValue(name, p);
        }
        foreach (var node in _graph.Nodes)
        {
            if (!_fused.Contains(node.Id))
            {
                Visit(node);
            }
        }
        foreach (var output in _graph.Outputs)
        {
            var q = Need(output.Name, null);
            var zpName = q.Type == TensorDataType.Int16
                ? _out.Constant(output.Name + ".zero_point", Tensor.FromArray(new[] { (short)q.Params.ZeroPoint }))
                : _out.Int8(output.Name + ".zero_point", q.Params.ZeroPoint);
            _out.Node(QuantDomain.Dequantize, "dequantize_" + output.Name, [q.Name, _out.Float(output.Name + ".scale", q.Params.Scale), zpName], output.Name);
        }
        var graph = new OnnxGraph(_graph.Name + ".quantized", _out.Nodes, _out.Initializers,
            _graph.Inputs.Select(ToValueInfo).ToArray(),
            _graph.Outputs.Select(o => ToValueInfo(o with { DataType = TensorDataType.Float32 })).ToArray(), []);
        var opsets = new List<OnnxOpsetImport> { new("", Math.Max(_graph.DefaultOpset, 6)), new(QuantDomain.Name, QuantDomain.Version) };
        return new OnnxModel(8, opsets, "provenant-quantize", "1", graph);
    }

    private void Visit(GraphNode n)
    {
        if (n.Domain.Length > 0)
        {
            throw Unsupported(n, $"operator domain '{n.Domain}' cannot be quantized");
        }
        switch (n.OpType)
        {
            case "Constant":
                _constants[n.Outputs[0]] = n.Attributes.Tensor("value") ?? throw Unsupported(n, "only Constant with a 'value' tensor is supported");
                return;
            case "Gemm":
                Gemm(n);
                return;
            case "MatMul":
                MatMul(n);
                return;
            case "Conv":
                Conv(n);
                return;
            case "MaxPool" or "AveragePool" or "GlobalAveragePool":
                Pool(n);
                return;
            case "Flatten" or "Reshape" or "Dropout":
                DataMovement(n);
                return;
            case "Softmax":
                Softmax(n);
                return;
        }
        if (ElementwiseRegion.Operators.Contains(n.OpType) && TryExtendRegion(n))
        {
            return;
        }
        if (n.OpType == "Add")
        {
            Add(n);
            return;
        }
        throw Unsupported(n, $"operator '{n.OpType}' in this position cannot be quantized (see docs/quantization.md for the supported patterns)");
    }

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
        if (b is null || b.Rank != 2)
        {
            throw Unsupported(n, "MatMul is quantized only with a constant 2-D right operand (weights)");
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

    // ---- other operators ----------------------------------------------------------------------

    private void Pool(GraphNode n)
    {
        var x = Need(n.Inputs[0], n);
        if (n.Outputs.Count > 1 && n.Outputs[1].Length > 0)
        {
            throw Unsupported(n, "MaxPool with an Indices output cannot be quantized");
        }
        var name = _out.Fresh(n.Outputs[0] + ".q");
        var attributes = new[] { "kernel_shape", "strides", "pads", "dilations", "ceil_mode", "auto_pad", "count_include_pad" }
            .Where(n.Attributes.Has).Select(a => n.Attributes[a]!).ToArray();
        if (n.OpType == "MaxPool")
        {
            _out.Node(QuantDomain.QMaxPool, n.Name, [x.Name], name, attributes);
        }
        else
        {
            var op = n.OpType == "AveragePool" ? QuantDomain.QAveragePool : QuantDomain.QGlobalAveragePool;
            _out.Node(op, n.Name, [x.Name, _out.Int8(n.Outputs[0] + ".x_zero_point", x.Params.ZeroPoint)], name, attributes);
        }
        _quantized[n.Outputs[0]] = x with { Name = name };
    }

    private void DataMovement(GraphNode n)
    {
        var x = Need(n.Inputs[0], n);
        var name = _out.Fresh(n.Outputs[0] + ".q");
        switch (n.OpType)
        {
            case "Reshape":
                var shape = Const(n, 1, "shape");
                _out.Node("Reshape", n.Name, [x.Name, _out.Constant(n.Outputs[0] + ".shape", Tensor.FromArray(shape.ToInt64Array(), shape.Length))], name,
                    n.Attributes.Has("allowzero") ? [n.Attributes["allowzero"]!] : [], defaultDomain: true);
                break;
            case "Flatten":
                _out.Node("Flatten", n.Name, [x.Name], name, [OnnxAttribute.FromInt("axis", n.Attributes.Int("axis", 1))], defaultDomain: true);
                break;
            default:
                _out.Node("Identity", n.Name, [x.Name], name, defaultDomain: true);
                break;
        }
        _quantized[n.Outputs[0]] = x with { Name = name };
    }

    private void Softmax(GraphNode n)
    {
        var x = Need(n.Inputs[0], n);
        var rank = _graph.Values.GetValueOrDefault(n.Outputs[0])?.Shape?.Count;
        var axis = n.Attributes.Int("axis", n.OpsetVersion >= 13 ? -1 : 1);
        if (!(axis == -1 || (rank is int r && TensorShape.NormalizeAxis(axis, r) == r - 1) || (rank is null && n.OpsetVersion < 13 && axis == 1)))
        {
            throw Unsupported(n, $"Softmax over axis {axis} (only the last axis of the logits is supported)");
        }
        var table = new int[QLookupKernel.TableLength];
        for (var d = 0; d < table.Length; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-d * (double)x.Params.Scale), MidpointRounding.AwayFromZero);
        }
        var name = _out.Fresh(n.Outputs[0] + ".q");
        _out.Node(QuantDomain.QSoftmax, n.Name, [x.Name, _out.Constant(n.Outputs[0] + ".exp_table", Tensor.FromArray(table, table.Length))], name,
            [OnnxAttribute.FromInt("axis", -1)]);
        _quantized[n.Outputs[0]] = new QuantizedValue(name, new ActivationQuantization(1f / QSoftmaxKernel.One, 0), TensorDataType.Int16);
    }

    private void Add(GraphNode n)
    {
        var a = Operand(n, 0);
        var b = Operand(n, 1);
        var y = Params(n.Outputs[0], n.ToString());
        var (m, s) = FixedPoint.EncodeShared([a.Params.Scale / (double)y.Scale, b.Params.Scale / (double)y.Scale], n.ToString());
        var relu = !_graphOutputs.Contains(n.Outputs[0]) && SoleConsumer(n.Outputs[0]) is { OpType: "Relu" };
        var output = n.Outputs[0];
        if (relu)
        {
            var r = SoleConsumer(output)!;
            _fused.Add(r.Id);
            output = r.Outputs[0];
            y = Params(output, n.ToString());
            (m, s) = FixedPoint.EncodeShared([a.Params.Scale / (double)y.Scale, b.Params.Scale / (double)y.Scale], n.ToString());
        }
        var name = _out.Fresh(output + ".q");
        _out.Node(QuantDomain.QAdd, n.Name, [a.Name, _out.Int8(output + ".a_zero_point", a.Params.ZeroPoint), b.Name, _out.Int8(output + ".b_zero_point", b.Params.ZeroPoint),
            _out.Constant(output + ".a_multiplier", Tensor.FromArray(new[] { m[0] })), _out.Constant(output + ".b_multiplier", Tensor.FromArray(new[] { m[1] })),
            _out.Int8(output + ".shift", s), _out.Int8(output + ".y_zero_point", y.ZeroPoint)], name, [OnnxAttribute.FromInt("relu", relu ? 1 : 0)]);
        _quantized[output] = new QuantizedValue(name, y);
    }

    /// <summary>An Add operand: an activation, or a constant quantized per tensor into an int8 initializer.</summary>
    private QuantizedValue Operand(GraphNode n, int index)
    {
        var value = n.Inputs[index];
        if (!_constants.TryGetValue(value, out var c))
        {
            return Need(value, n);
        }
        var data = Enumerable.Range(0, c.Length).Select(i => (float)c.GetDouble(i)).ToArray();
        var p = ActivationQuantization.FromRange(ValueRange.Empty.Include(data));
        var q = data.Select(v => QuantArithmetic.QuantizeInput(v, p.Scale, p.ZeroPoint)).ToArray();
        return new QuantizedValue(_out.Constant(value + ".q", Tensor.FromArray(q, [.. c.Shape])), p);
    }

    // ---- elementwise regions and lookup tables ---------------------------------------------------

    private bool TryExtendRegion(GraphNode n)
    {
        string? root = null;
        var nodes = new List<GraphNode>();
        var sawActivation = false;
        foreach (var input in n.Inputs.Where(i => i.Length > 0))
        {
            if (_constants.TryGetValue(input, out var c))
            {
                if (c.Length != 1)
                {
                    return false;
                }
                continue;
            }
            string r;
            if (_pending.TryGetValue(input, out var region))
            {
                r = region.Root;
                nodes.AddRange(region.Nodes);
            }
            else if (_quantized.TryGetValue(input, out var q) && q.Type == TensorDataType.Int8)
            {
                r = input;
            }
            else
            {
                return false;
            }
            if (root is not null && root != r)
            {
                return false;
            }
            root = r;
            sawActivation = true;
        }
        if (!sawActivation || n.Outputs.Count != 1)
        {
            return false;
        }
        nodes.Add(n);
        _pending[n.Outputs[0]] = new ElementwiseRegion(root!, nodes.Distinct().OrderBy(x => x.Id).ToArray());
        return true;
    }

    private QuantizedValue Materialize(string value, ElementwiseRegion region)
    {
        var x = _quantized[region.Root];
        var y = Params(value, region.Nodes[^1].ToString());
        var table = LookupTableBuilder.Build(_graph, region, value, x.Params, y, _constants);
        var name = _out.Fresh(value + ".q");
        _out.Node(QuantDomain.QLookup, string.Join("+", region.Nodes.Select(r => r.OpType)), [x.Name, _out.Int8(value + ".x_zero_point", x.Params.ZeroPoint),
            _out.Constant(value + ".table", Tensor.FromArray(table, table.Length)), _out.Int8(value + ".y_zero_point", y.ZeroPoint)], name);
        var q = new QuantizedValue(name, y);
        _quantized[value] = q;
        _pending.Remove(value);
        return q;
    }

    // ---- helpers ------------------------------------------------------------------------------

    /// <summary>The quantized form of float value <paramref name="value"/> (materialising a pending lookup table).</summary>
    private QuantizedValue Need(string value, GraphNode? consumer)
    {
        if (_pending.TryGetValue(value, out var region))
        {
            return Materialize(value, region);
        }
        if (_quantized.TryGetValue(value, out var q))
        {
            if (q.Type != TensorDataType.Int8 && consumer is not null)
            {
                throw Unsupported(consumer, $"'{value}' is a Softmax output; only a graph output may follow Softmax");
            }
            return q;
        }
        var what = _constants.ContainsKey(value) ? "a constant" : "not a quantized activation";
        throw consumer is null
            ? new UnsupportedFeatureException($"graph output '{value}' is {what}")
            : Unsupported(consumer, $"input '{value}' is {what} (this operand must be an activation)");
    }

    private Tensor Const(GraphNode n, int index, string what) =>
        n.HasInput(index) && _constants.TryGetValue(n.Inputs[index], out var t) ? t
        : throw Unsupported(n, $"input {index} ({what}) must be a constant");

    private GraphNode? SoleConsumer(string value) =>
        _consumers.TryGetValue(value, out var list) && list.Count == 1 && !_graphOutputs.Contains(value) ? list[0] : null;

    private ActivationQuantization Params(string value, string where) =>
        ActivationQuantization.FromRange(_calibration.Range(value)
            ?? throw new UnsupportedFeatureException($"{where}: value '{value}' has no calibration range (it was not a FLOAT tensor in the calibration runs)"));

    private static UnsupportedFeatureException Unsupported(GraphNode n, string message) => new($"{n}: {message}");

    private static OnnxValueInfo ToValueInfo(GraphValue v) => new(v.Name, v.DataType is { } t ? TensorDataTypes.ToOnnx(t) : null,
        v.Shape?.Select(d => d is int x ? new OnnxDimension(x, null) : new OnnxDimension(null, "N")).ToArray());
}
