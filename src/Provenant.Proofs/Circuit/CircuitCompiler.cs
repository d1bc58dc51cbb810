using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// Compiles a quantized ONNX model (<c>ai.provenant.quant</c> v1, docs/quantization.md) at a concrete input shape into
/// an <see cref="InferenceCircuit"/>: Quantize becomes the public input boundary, Dequantize the public output
/// boundary, and every other node one layer (QGemm → Gemm, QConv → Conv as im2col product, Requantize, QAdd → Add,
/// QMaxPool/QAveragePool/QGlobalAveragePool → pool layers, QLookup → Lookup, QSoftmax → Softmax, QLayerNorm → LayerNorm,
/// Reshape/Flatten/Identity → Reshape). The integer engine validates the model first (parameter types, ranges,
/// zero-point consistency, accumulator bounds), and one engine run on a zero input supplies every value's shape.
/// </summary>
public static class CircuitCompiler
{
    /// <summary>Compiles <paramref name="graph"/> for a FLOAT input of shape <paramref name="inputShape"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">The model is not a quantized model with one input and one output, or uses something the circuit does not cover (QConv with group ≠ 1, QGemm on rank &gt; 2, several Quantize/Dequantize nodes).</exception>
    /// <exception cref="ProvenantFormatException">The integer engine rejects the model's parameters.</exception>
    public static InferenceCircuit Compile(ModelGraph graph, IReadOnlyList<int> inputShape)
    {
        CheckBoundary(graph);
        return new Builder(graph, EngineShapes(graph, inputShape), keepWeights: true).Build();
    }

    /// <summary>
    /// Compiles the circuit of a model skeleton for a verifier whose circuit digest is pinned (by the weight
    /// commitment's circuit binding or a digest given to it): the shapes come from <see cref="ShapeInference"/>,
    /// without running the engine, and no weight value is read or kept, so the work does not grow with the number of
    /// parameters. The layers and the <see cref="InferenceCircuit.Digest"/> equal those of
    /// <see cref="Compile"/> on the same graph; the engine's parameter validation is not repeated here, which is sound
    /// only because the caller requires the digest to equal one computed by <see cref="Compile"/> on the real model.
    /// A graph outside <see cref="ShapeInference"/>'s operators falls back to the engine run for its shapes. The
    /// circuit cannot <see cref="InferenceCircuit.Evaluate"/> (it holds no weights).
    /// </summary>
    /// <exception cref="UnsupportedFeatureException">As for <see cref="Compile"/>.</exception>
    /// <exception cref="ProvenantFormatException">The fallback engine run rejects the model's parameters.</exception>
    public static InferenceCircuit CompileSkeleton(ModelGraph graph, IReadOnlyList<int> inputShape)
    {
        CheckBoundary(graph);
        var shapes = ShapeInference.Infer(graph, inputShape) ?? EngineShapes(graph, inputShape);
        return new Builder(graph, shapes, keepWeights: false).Build();
    }

    /// <summary>One FLOAT graph input (quantized by the circuit's Quantize) and one graph output.</summary>
    private static void CheckBoundary(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Inputs.Count != 1 || graph.Outputs.Count != 1)
        {
            throw new UnsupportedFeatureException($"{graph.Name}: proofs cover models with one input and one output ({graph.Inputs.Count} and {graph.Outputs.Count} here)");
        }
        if (graph.Inputs[0].DataType is { } type && type != TensorDataType.Float32)
        {
            throw new UnsupportedFeatureException($"{graph.Name}: proofs cover a FLOAT graph input; '{graph.Inputs[0].Name}' is {TensorDataTypes.Name(type)} (token ids and QGather are not covered by the proof circuit)");
        }
    }

    /// <summary>Every value's shape from one integer-engine run on a zero input (which also validates the model).</summary>
    private static Dictionary<string, int[]> EngineShapes(ModelGraph graph, IReadOnlyList<int> inputShape)
    {
        var engine = new IntegerEngine(graph, new Inference.Engine.EngineOptions(1));
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var zeros = Tensor.Zeros(TensorDataType.Float32, [.. inputShape]);
        engine.Run(new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = zeros }, (node, outs) =>
        {
            for (int i = 0; i < outs.Count && i < node.Outputs.Count; i++)
            {
                if (outs[i] is { } t) shapes[node.Outputs[i]] = [.. t.Shape];
            }
        });
        return shapes;
    }

    private sealed class Builder(ModelGraph graph, Dictionary<string, int[]> shapes, bool keepWeights)
    {
        private readonly List<CircuitTensor> _tensors = [];
        private readonly List<CircuitLayer> _layers = [];
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<int, long[]> _weights = [];
        private CircuitBoundary? _input, _output;
        private int _inputId = -1, _outputId = -1;

        public InferenceCircuit Build()
        {
            foreach (var node in graph.Nodes) Add(node);
            if (_input is null || _output is null)
            {
                throw new UnsupportedFeatureException($"{graph.Name}: a quantized model starts with Quantize and ends with Dequantize");
            }
            return new InferenceCircuit(_tensors, _layers, _inputId, _outputId, _input, _output, _weights);
        }

        private void Add(GraphNode node)
        {
            if (node.Domain.Length == 0)
            {
                if (node.OpType is not ("Reshape" or "Flatten" or "Identity"))
                {
                    throw new UnsupportedFeatureException($"{node}: not covered by the proof circuit (of the ai.onnx data movement operators, proofs cover Reshape, Flatten and Identity)");
                }
                Reshape(node);
                return;
            }
            switch (node.OpType)
            {
                case QuantDomain.Quantize:
                    if (_input is not null || node.Inputs[0] != graph.Inputs[0].Name)
                    {
                        throw new UnsupportedFeatureException($"{node}: proofs cover one Quantize of the graph input");
                    }
                    _input = new CircuitBoundary(graph.Inputs[0].Name, Const(node, 1).AsSpan<float>()[0], Scalar(node, 2));
                    _inputId = Activation(node.Outputs[0], CircuitTensorRole.Input, sbyte.MinValue, sbyte.MaxValue);
                    break;
                case QuantDomain.Dequantize:
                    if (_output is not null || node.Outputs[0] != graph.Outputs[0].Name)
                    {
                        throw new UnsupportedFeatureException($"{node}: proofs cover one Dequantize producing the graph output");
                    }
                    _output = new CircuitBoundary(graph.Outputs[0].Name, Const(node, 1).AsSpan<float>()[0], Scalar(node, 2));
                    _outputId = Id(node, 0);
                    break;
                case QuantDomain.QGemm: Gemm(node); break;
                case QuantDomain.QConv: Conv(node); break;
                case QuantDomain.Requantize: Requantize(node); break;
                case QuantDomain.QAdd: AddOp(node); break;
                case QuantDomain.QMaxPool or QuantDomain.QAveragePool or QuantDomain.QGlobalAveragePool: Pool(node); break;
                case QuantDomain.QLookup:
                {
                    var table = Const(node, 2);
                    var (lo, hi) = Range(table.DataType);
                    int x = Id(node, 0), y = Activation(node.Outputs[0], CircuitTensorRole.Activation, lo, hi);
                    _layers.Add(new LookupLayer(Name(node), x, y, table.ToIntegers(), _tensors[x].Length));
                    break;
                }
                case QuantDomain.QSoftmax:
                {
                    if (node.HasInput(2) || node.Attributes.Int("to", (long)TensorDataType.Int16) != (long)TensorDataType.Int16)
                    {
                        throw new UnsupportedFeatureException($"{node}: not covered by the proof circuit (proofs cover QSoftmax without a mask and with INT16 output)");
                    }
                    int x = Id(node, 0), y = Activation(node.Outputs[0], CircuitTensorRole.Activation, 0, SoftmaxLayer.One);
                    _layers.Add(new SoftmaxLayer(Name(node), x, y, Const(node, 1).ToIntegers(), _tensors[x].Shape[^1], _tensors[x].Length));
                    break;
                }
                case QuantDomain.QLayerNorm:
                {
                    int x = Id(node, 0), y = Activation(node.Outputs[0], CircuitTensorRole.Activation, int.MinValue, int.MaxValue);
                    _layers.Add(new LayerNormLayer(Name(node), x, y, Const(node, 1).ToIntegers(), Const(node, 2).ToIntegers(), Scalar(node, 3),
                        (int)node.Attributes.Int("norm_shift", 0), (int)node.Attributes.Int("scale_shift", 0), _tensors[x].Length));
                    break;
                }
                default:
                    throw new UnsupportedFeatureException($"{node}: not covered by the proof circuit");
            }
        }

        private void Gemm(GraphNode node)
        {
            int a = Id(node, 0);
            var at = _tensors[a];
            if (at.Shape.Count > 2) throw new UnsupportedFeatureException($"{node}: proofs cover QGemm on a matrix or vector, not A {at}");
            int w = Weight(node, 2), bias = node.HasInput(3) ? Weight(node, 3) : -1;
            int n = _tensors[w].Shape[0], k = _tensors[w].Shape[1];
            int y = Activation(node.Outputs[0], CircuitTensorRole.Activation, int.MinValue, int.MaxValue);
            _layers.Add(new GemmLayer(Name(node), a, w, bias, y, Scalar(node, 1), at.Length / k, n, k));
        }

        private void Conv(GraphNode node)
        {
            int x = Id(node, 0), w = Weight(node, 2), bias = node.HasInput(3) ? Weight(node, 3) : -1;
            if (node.Attributes.Int("group", 1) != 1) throw new UnsupportedFeatureException($"{node}: proofs cover QConv with group 1");
            var xs = _tensors[x].Shape;
            var ws = _tensors[w].Shape;
            var g = WindowGeometry.Compute(node, xs.Skip(2).ToArray(), ws.Skip(2).ToArray(), ceilMode: false);
            int y = Activation(node.Outputs[0], CircuitTensorRole.Activation, int.MinValue, int.MaxValue);
            _layers.Add(new ConvLayer(Name(node), x, w, bias, y, Scalar(node, 1), xs[0], xs[1], ws[0], g));
        }

        private void Requantize(GraphNode node)
        {
            int x = Id(node, 0);
            var shape = _tensors[x].Shape;
            var mult = Const(node, 1).ToIntegers();
            var shift = Const(node, 2).ToIntegers();
            var zpTensor = Const(node, 3);
            long zp = zpTensor.ToIntegers()[0];
            var (lo, hi) = Range(zpTensor.DataType);
            if (node.Attributes.Int("relu", 0) == 1) lo = Math.Max(lo, zp);
            int channels = 1, inner = Math.Max(1, _tensors[x].Length);
            if (mult.Length > 1)
            {
                int axis = (int)node.Attributes.Int("axis", 1);
                if (axis < 0) axis += shape.Count;
                channels = shape[axis];
                inner = shape.Skip(axis + 1).Aggregate(1, (p, d) => p * d);
            }
            int y = Activation(node.Outputs[0], CircuitTensorRole.Activation, Range(zpTensor.DataType).Lo, Range(zpTensor.DataType).Hi);
            _layers.Add(new RequantizeLayer(Name(node), x, y, mult, shift, channels, inner, zp, lo, hi, _tensors[x].Length));
        }

        private void AddOp(GraphNode node)
        {
            int a = graph.Initializers.ContainsKey(node.Inputs[0]) ? Weight(node, 0) : Id(node, 0);
            int b = graph.Initializers.ContainsKey(node.Inputs[2]) ? Weight(node, 2) : Id(node, 2);
            long zy = Scalar(node, 7);
            long lo = node.Attributes.Int("relu", 0) == 1 ? Math.Max(zy, sbyte.MinValue) : sbyte.MinValue;
            long[] p = [Scalar(node, 1), Scalar(node, 3), Scalar(node, 4), Scalar(node, 5), Scalar(node, 6), zy, lo];
            var outShape = shapes[node.Outputs[0]];
            int y = Activation(node.Outputs[0], CircuitTensorRole.Activation, sbyte.MinValue, sbyte.MaxValue);
            _layers.Add(new AddLayer(Name(node), a, b, y, p, BroadcastIndex(_tensors[a].Shape, outShape), BroadcastIndex(_tensors[b].Shape, outShape)));
        }

        private void Pool(GraphNode node)
        {
            int x = Id(node, 0);
            var xs = _tensors[x].Shape;
            bool max = node.OpType == QuantDomain.QMaxPool, global = node.OpType == QuantDomain.QGlobalAveragePool;
            int[] spatial = xs.Skip(2).ToArray();
            int[] kernel = global ? spatial : node.Attributes.Ints("kernel_shape")!.Select(v => (int)v).ToArray();
            var g = global
                ? WindowGeometry.Compute(node, spatial, kernel, ceilMode: false)
                : WindowGeometry.Compute(node, spatial, kernel, node.Attributes.Int("ceil_mode", 0) == 1);
            bool includePad = !max && !global && node.Attributes.Int("count_include_pad", 0) == 1;
            int planes = xs[0] * xs[1], positions = g.OutputSize;
            var taps = new int[g.KernelSize][];
            var counts = new int[planes * positions];
            for (int t = 0; t < taps.Length; t++)
            {
                taps[t] = new int[counts.Length];
                for (int plane = 0; plane < planes; plane++)
                {
                    for (int p = 0; p < positions; p++)
                    {
                        int at = g.Read(p, t);
                        taps[t][plane * positions + p] = at < 0 ? -1 : plane * g.InputSize + at;
                        if (at >= 0 && !includePad) counts[plane * positions + p]++;
                    }
                }
            }
            if (includePad)
            {
                for (int o = 0; o < counts.Length; o++) counts[o] = g.PaddedCount(o % positions);
            }
            long zp = max ? 0 : Scalar(node, 1);
            int y = Activation(node.Outputs[0], CircuitTensorRole.Activation, sbyte.MinValue, sbyte.MaxValue);
            _layers.Add(new PoolLayer(Name(node), max, x, y, zp, taps, counts, g));
        }

        private void Reshape(GraphNode node)
        {
            int x = Id(node, 0);
            var xt = _tensors[x];
            int y = Activation(node.Outputs[0], CircuitTensorRole.Activation, xt.Minimum, xt.Maximum);
            var yt = _tensors[y];
            bool relabel = xt.VariableCount == yt.VariableCount && Enumerable.Range(0, xt.Length).All(i => xt.PaddedIndex(i) == yt.PaddedIndex(i));
            _layers.Add(new ReshapeLayer(Name(node), x, y, relabel, xt.Length));
        }

        private static int[] BroadcastIndex(IReadOnlyList<int> from, int[] to)
        {
            int size = to.Aggregate(1, (p, d) => p * d);
            var map = new int[size];
            int offset = to.Length - from.Count;
            for (int o = 0; o < size; o++)
            {
                int rest = o, index = 0, stride = 1;
                for (int a = to.Length - 1; a >= 0; a--)
                {
                    int coord = rest % to[a];
                    rest /= to[a];
                    int fa = a - offset;
                    if (fa < 0) continue;
                    index += (from[fa] == 1 ? 0 : coord) * stride;
                    stride *= from[fa];
                }
                map[o] = index;
            }
            return map;
        }

        private static string Name(GraphNode node) => node.Name.Length > 0 ? node.Name : node.Outputs[0];

        private Tensor Const(GraphNode node, int index) =>
            graph.Initializers.TryGetValue(node.Inputs[index], out var t) ? t : throw new UnsupportedFeatureException($"{node}: input {index} must be an initializer");

        private long Scalar(GraphNode node, int index) => Const(node, index).ToIntegers()[0];

        private int Id(GraphNode node, int index) =>
            _ids.TryGetValue(node.Inputs[index], out var id) ? id : throw new UnsupportedFeatureException($"{node}: input '{node.Inputs[index]}' is not a circuit value");

        private int Activation(string name, CircuitTensorRole role, long lo, long hi)
        {
            var t = new CircuitTensor(_tensors.Count, name, shapes[name], role, lo, hi);
            _tensors.Add(t);
            _ids[name] = t.Id;
            return t.Id;
        }

        private int Weight(GraphNode node, int index)
        {
            string name = node.Inputs[index];
            if (_ids.TryGetValue(name, out var id)) return id;
            var value = Const(node, index);
            var (lo, hi) = Range(value.DataType);
            var t = new CircuitTensor(_tensors.Count, name, value.Shape.Count == 0 ? [1] : [.. value.Shape], CircuitTensorRole.Weight, lo, hi);
            _tensors.Add(t);
            _ids[name] = t.Id;
            if (keepWeights) _weights[t.Id] = value.ToIntegers();
            return t.Id;
        }

        private static (long Lo, long Hi) Range(TensorDataType type) => type switch
        {
            TensorDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            TensorDataType.Int16 => (short.MinValue, short.MaxValue),
            _ => (int.MinValue, int.MaxValue),
        };
    }
}
