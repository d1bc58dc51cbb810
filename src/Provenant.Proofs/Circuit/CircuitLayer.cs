namespace Provenant.Proofs.Circuit;

/// <summary>
/// One step of an <see cref="InferenceCircuit"/>: a function of integer tensors (by id) producing one tensor, with
/// every public constant it uses (zero points, multipliers, shifts, tables, window geometry). The integer semantics
/// are those of the <c>ai.provenant.quant</c> v1 operator the layer was compiled from (docs/quantization.md).
/// </summary>
public abstract class CircuitLayer
{
    private protected CircuitLayer(string op, string node, int[] inputs, int output)
    {
        Op = op;
        Node = node;
        Inputs = inputs;
        Output = output;
    }

    /// <summary>The layer kind, e.g. <c>Gemm</c>, <c>Requantize</c>.</summary>
    public string Op { get; }

    /// <summary>The ONNX node it was compiled from (for messages and progress).</summary>
    public string Node { get; }

    /// <summary>Tensor ids read (activations, the input, or weights).</summary>
    public IReadOnlyList<int> Inputs { get; }

    /// <summary>Tensor id written.</summary>
    public int Output { get; }

    /// <summary>
    /// Multiplications (for products) or constrained elements (for elementwise and lookup layers) the layer costs: the
    /// "gate count" reported by the benchmark.
    /// </summary>
    public abstract long GateCount { get; }

    /// <summary>Computes the output from the input values (row-major, by tensor id), exactly as the integer engine does.</summary>
    internal abstract long[] Evaluate(IReadOnlyList<long[]?> values);

    /// <summary>Writes the layer's kind, wiring and public constants for the circuit digest.</summary>
    internal abstract void Describe(CircuitDescriptionWriter w);

    /// <summary>Writes what every layer shares (kind, inputs, output).</summary>
    private protected void DescribeHeader(CircuitDescriptionWriter w)
    {
        w.Write(Op);
        w.Write(Inputs.ToArray());
        w.Write(Output);
    }

    /// <summary>For messages: <c>Gemm (node 'h3')</c>.</summary>
    public override string ToString() => $"{Op} ({Node})";
}
