using Provenant.Core.Errors;
using Provenant.Inference.Graph;

namespace Provenant.Inference.Integer;

/// <summary>
/// Load-time consistency of zero points: each integer value's zero point is known from its producer
/// (Quantize, Requantize, QAdd, QLookup and QGather declare it; QGemm/QConv/QLayerNorm/QMatMul give int32 with 0;
/// QSoftmax int16 with 0 or, with <c>to</c> = INT8, int8 with −128; pooling and data movement pass it through, Split to
/// every output). A consumer that declares the zero point of an input
/// (QGemm, QConv, QAdd, QAveragePool, QGlobalAveragePool, QLookup, Dequantize) must declare the same
/// value (QMatMul declares both operands'); a Requantize input must come from an int32 accumulator. Initializer inputs are not checked
/// (they carry no producer).
/// </summary>
internal static class ZeroPointCheck
{
    /// <summary>Input positions that declare the zero point of another input: (value input, zero point input).</summary>
    private static readonly Dictionary<string, (int Value, int ZeroPoint)[]> Declared = new(StringComparer.Ordinal)
    {
        [QuantDomain.QGemm] = [(0, 1)],
        [QuantDomain.QMatMul] = [(0, 1), (2, 3)],
        [QuantDomain.QConv] = [(0, 1)],
        [QuantDomain.QAdd] = [(0, 1), (2, 3)],
        [QuantDomain.QAveragePool] = [(0, 1)],
        [QuantDomain.QGlobalAveragePool] = [(0, 1)],
        [QuantDomain.QLookup] = [(0, 1)],
        [QuantDomain.Dequantize] = [(0, 2)],
    };

    /// <summary>Output zero point input position of each producer that declares one.</summary>
    private static readonly Dictionary<string, int> Produced = new(StringComparer.Ordinal)
    {
        [QuantDomain.Quantize] = 2,
        [QuantDomain.Requantize] = 3,
        [QuantDomain.QAdd] = 7,
        [QuantDomain.QLookup] = 3,
        [QuantDomain.QGather] = 1,
    };

    private static readonly HashSet<string> PassThrough = new(StringComparer.Ordinal)
    {
        QuantDomain.QMaxPool, QuantDomain.QAveragePool, QuantDomain.QGlobalAveragePool, "Reshape", "Flatten", "Identity", "Split", "Transpose",
    };

    /// <exception cref="ProvenantFormatException">A declared zero point differs from the producer's.</exception>
    public static void Run(ModelGraph graph)
    {
        var zp = new Dictionary<string, long>(StringComparer.Ordinal);
        long? Const(GraphNode n, int i) =>
            n.HasInput(i) && graph.Initializers.TryGetValue(n.Inputs[i], out var t) && t.Length == 1 ? (long)t.GetDouble(0) : null;
        foreach (var n in graph.Nodes)
        {
            if (n.Domain == QuantDomain.Name && n.OpType == QuantDomain.Requantize && n.HasInput(0)
                && zp.TryGetValue(n.Inputs[0], out var accZp) && accZp != 0)
            {
                throw new ProvenantFormatException(n.ToString(), "input 0", "an int32 accumulator (zero point 0) from QGemm/QConv", $"a value with zero point {accZp}");
            }
            foreach (var (value, zpIndex) in Declared.GetValueOrDefault(n.OpType) ?? [])
            {
                if (n.HasInput(value) && zp.TryGetValue(n.Inputs[value], out var expected) && Const(n, zpIndex) is long declared && declared != expected)
                {
                    throw new ProvenantFormatException(n.ToString(), $"input {zpIndex} (zero point of '{n.Inputs[value]}')",
                        $"{expected}, the zero point its producer gives", declared.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            long? output = n.OpType switch
            {
                QuantDomain.QGemm or QuantDomain.QConv or QuantDomain.QLayerNorm or QuantDomain.QMatMul => 0,
                QuantDomain.QSoftmax => n.Attributes.Int("to", (long)Tensors.TensorDataType.Int16) == (long)Tensors.TensorDataType.Int8 ? -128 : 0,
                _ when Produced.TryGetValue(n.OpType, out var at) => Const(n, at),
                _ when PassThrough.Contains(n.OpType) && n.HasInput(0) && zp.TryGetValue(n.Inputs[0], out var z) => z,
                _ => null,
            };
            // Split passes its input's zero point to every output; every other producer has one output.
            if (output is not long produced)
            {
                continue;
            }
            foreach (var name in n.Outputs.Take(n.OpType == "Split" ? n.Outputs.Count : 1).Where(x => x.Length > 0))
            {
                zp[name] = produced;
            }
        }
    }
}
