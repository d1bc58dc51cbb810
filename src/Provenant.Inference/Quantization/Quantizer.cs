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
/// last axis (QSoftmax); LayerNormalization over the last axis (QLayerNorm + Requantize). Anything else is an <see cref="UnsupportedFeatureException"/> naming the node.
/// </summary>
public sealed partial class Quantizer
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

    /// <summary>INT32/INT64 graph inputs passed through unquantized (token ids; only QGather may read them).</summary>
    private readonly HashSet<string> _indices = new(StringComparer.Ordinal);

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
        FoldConstants();
        foreach (var input in _graph.Inputs)
        {
            if (input.DataType is TensorDataType.Int64 or TensorDataType.Int32)
            {
                _indices.Add(input.Name);
                continue;
            }
            if (input.DataType != TensorDataType.Float32)
            {
                throw new UnsupportedFeatureException($"graph input '{input.Name}': only FLOAT inputs and INT32/INT64 indices (token ids) can be quantized");
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
            _graph.Inputs.Select(i => ToValueInfo(_shapesFixed && _calibration.Shape(i.Name) is { } shape ? i with { Shape = shape.Select(d => (int?)d).ToArray() } : i)).ToArray(),
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
            case "Gather":
                Gather(n);
                return;
            case "ReduceMean":
                DecomposedLayerNorm(n);
                return;
            case "Where":
                SoftmaxMask(n);
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
            case "Flatten" or "Reshape" or "Dropout" or "Identity" or "Split" or "Transpose":
                DataMovement(n);
                return;
            case "Softmax":
                Softmax(n);
                return;
            case "LayerNormalization":
                LayerNorm(n);
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
