namespace Provenant.Proofs.Layers;

/// <summary>
/// The public shape of C = (A − a_zero_point)·B + bias, the integer Gemm/QGemm of docs/quantization.md (int8 operands,
/// int32 accumulation embedded in the field with <see cref="Field.Goldilocks.FromInt64"/>; the load-time bound
/// |C| &lt; 2^31 keeps every value far below p/2, so the field identity is the integer identity).
/// </summary>
/// <param name="A">Name of the left operand, shape [Rows, Inner] (activations, or the im2col matrix of a convolution).</param>
/// <param name="B">Name of the right operand: shape [Inner, Columns], or [Columns, Inner] when <paramref name="WeightsTransposed"/>
/// (the QGemm weight layout [N, K]).</param>
/// <param name="Bias">Name of the bias [Columns], or null for none.</param>
/// <param name="Rows">M ≥ 1.</param>
/// <param name="Inner">K ≥ 1.</param>
/// <param name="Columns">N ≥ 1.</param>
/// <param name="WeightsTransposed">True when B is stored [Columns, Inner].</param>
/// <param name="AZeroPoint">The zero point subtracted from every real element of A (0 for none).</param>
public sealed record MatMulStatement(string A, string B, string? Bias, int Rows, int Inner, int Columns, bool WeightsTransposed = false, long AZeroPoint = 0)
{
    /// <summary>The layout of A: [Rows, Inner].</summary>
    public TensorLayout ALayout => new(Rows, Inner);

    /// <summary>The layout of B as stored.</summary>
    public TensorLayout BLayout => WeightsTransposed ? new(Columns, Inner) : new(Inner, Columns);

    /// <summary>The layout of the output C: [Rows, Columns].</summary>
    public TensorLayout OutputLayout => new(Rows, Columns);
}
