namespace Provenant.Proofs.Layers;

/// <summary>
/// The public shape of a 2-D QConv (docs/quantization.md, group 1, dilation 1):
/// Y[n, m, oh, ow] = Σ_{c, i, j} (X[n, c, oh·s_h + i − p_h, ow·s_w + j − p_w] − z)·W[m, c, i, j] + bias[m], where positions
/// outside X read z (contribute 0). Layouts: X [N, C, H, W], W [M, C, KH, KW], Y [N, M, OH, OW], bias [M], all per-axis
/// padded (<see cref="TensorLayout"/>).
/// </summary>
/// <param name="Input">Name of X.</param>
/// <param name="Weights">Name of W.</param>
/// <param name="Bias">Name of the bias, or null.</param>
/// <param name="InputDims">[N, C, H, W].</param>
/// <param name="OutputChannels">M.</param>
/// <param name="KernelHeight">KH.</param>
/// <param name="KernelWidth">KW.</param>
/// <param name="StrideHeight">s_h ≥ 1.</param>
/// <param name="StrideWidth">s_w ≥ 1.</param>
/// <param name="PadTop">p_h ≥ 0 (padding before the first row).</param>
/// <param name="PadLeft">p_w ≥ 0.</param>
/// <param name="OutputHeight">OH.</param>
/// <param name="OutputWidth">OW.</param>
/// <param name="InputZeroPoint">z.</param>
public sealed record ConvStatement(string Input, string Weights, string? Bias, int[] InputDims, int OutputChannels, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int PadTop, int PadLeft, int OutputHeight, int OutputWidth, long InputZeroPoint)
{
    /// <summary>X's layout.</summary>
    public TensorLayout InputLayout => new(InputDims);

    /// <summary>W's layout [M, C, KH, KW].</summary>
    public TensorLayout WeightLayout => new(OutputChannels, InputDims[1], KernelHeight, KernelWidth);

    /// <summary>Y's layout [N, M, OH, OW].</summary>
    public TensorLayout OutputLayout => new(InputDims[0], OutputChannels, OutputHeight, OutputWidth);

    /// <summary>The inner (summed) layout [C, KH, KW].</summary>
    public TensorLayout InnerLayout => new(InputDims[1], KernelHeight, KernelWidth);

    /// <summary>True when the shape parameters are consistent (rank 4, positive sizes, strides ≥ 1, pads ≥ 0).</summary>
    public bool IsWellFormed =>
        InputDims is { Length: 4 } && InputDims.All(d => d >= 1) && OutputChannels >= 1 && KernelHeight >= 1 && KernelWidth >= 1
        && StrideHeight >= 1 && StrideWidth >= 1 && PadTop >= 0 && PadLeft >= 0 && OutputHeight >= 1 && OutputWidth >= 1;
}
