using Provenant.Inference.Integer;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// QLayerNorm over the last axis (docs/quantization.md §QLayerNorm): per row S = Σ x_i, C_i = n·x_i − S, Q = Σ C_i²,
/// s = ⌊√(2^m·(n·Q + E))⌋, Z_i = ⌊C_i·2^k / s⌋, output A_i = G_i·Z_i + B_i (int32; <see cref="QLayerNormArithmetic"/>).
/// </summary>
public sealed class LayerNormLayer : CircuitLayer
{
    internal LayerNormLayer(string node, int x, int output, long[] gamma, long[] beta, long epsilon, int normShift, int scaleShift, int length)
        : base("LayerNorm", node, [x], output)
    {
        Gamma = gamma;
        Beta = beta;
        Epsilon = epsilon;
        NormShift = normShift;
        ScaleShift = scaleShift;
        Length = length;
    }

    /// <summary>G: the integer scale per column (n entries).</summary>
    public IReadOnlyList<long> Gamma { get; }

    /// <summary>B: the integer bias per column (n entries).</summary>
    public IReadOnlyList<long> Beta { get; }

    /// <summary>E: ε in the radicand's units.</summary>
    public long Epsilon { get; }

    /// <summary>m: the radicand's left shift (even).</summary>
    public int NormShift { get; }

    /// <summary>k: the centred values' left shift before the division by s.</summary>
    public int ScaleShift { get; }

    /// <summary>n: elements per row (the last axis).</summary>
    public int RowLength => Gamma.Count;

    /// <summary>Elements of X and A.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override long GateCount => 3L * Length;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var x = values[Inputs[0]]!;
        var a = new long[x.Length];
        var z = new long[RowLength];
        for (int row = 0; row + RowLength <= x.Length; row += RowLength)
        {
            QLayerNormArithmetic.Row(x.AsSpan(row, RowLength), Epsilon, NormShift, ScaleShift, z);
            for (int i = 0; i < RowLength; i++) a[row + i] = Gamma[i] * z[i] + Beta[i];
        }
        return a;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(Gamma.ToArray());
        w.Write(Beta.ToArray());
        w.Write(Epsilon);
        w.Write(NormShift);
        w.Write(ScaleShift);
    }
}
