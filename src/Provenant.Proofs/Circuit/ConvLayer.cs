namespace Provenant.Proofs.Circuit;

/// <summary>
/// QConv with group 1 as an im2col matrix product: Col[n, c, κ, o] = X[n, c, o·stride − pad + κ·dilation] − x_zero_point
/// (0 in the padding) and Y[n, m, o] = Σ_{c, κ} W[m, c, κ] · Col[n, c, κ, o] + bias[m] (docs/quantization.md). Col is
/// a fixed linear selection of X, so a claim on Col reduces to a claim on X through the public wiring
/// <see cref="Im2Col"/>.
/// </summary>
public sealed class ConvLayer : CircuitLayer
{
    private readonly WindowGeometry _geometry;

    internal ConvLayer(string node, int x, int weight, int bias, int output, long zeroPoint, int batch, int channels, int outChannels, WindowGeometry geometry)
        : base("Conv", node, bias >= 0 ? [x, weight, bias] : [x, weight], output)
    {
        ZeroPoint = zeroPoint;
        Batch = batch;
        Channels = channels;
        OutChannels = outChannels;
        _geometry = geometry;
        Im2Col = BuildIm2Col();
    }

    /// <summary>The input zero point x_zero_point.</summary>
    public long ZeroPoint { get; }

    /// <summary>N.</summary>
    public int Batch { get; }

    /// <summary>C: input channels.</summary>
    public int Channels { get; }

    /// <summary>M: output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel positions per channel (product of kernel_shape).</summary>
    public int KernelSize => _geometry.KernelSize;

    /// <summary>Output positions per plane (product of the output spatial shape).</summary>
    public int Positions => _geometry.OutputSize;

    /// <summary>The shape of the im2col tensor: [N, C, kernel…, output spatial…].</summary>
    public int[] ColumnShape => [Batch, Channels, .. _geometry.Kernel, .. _geometry.Output];

    /// <summary>
    /// For every element of the im2col tensor (row-major over <see cref="ColumnShape"/>), the row-major index of the X
    /// element it reads, or −1 for the padding.
    /// </summary>
    public IReadOnlyList<int> Im2Col { get; }

    /// <summary>Tensor id of W [M, C, kernel…].</summary>
    public int Weight => Inputs[1];

    /// <summary>Tensor id of the bias, or −1.</summary>
    public int Bias => Inputs.Count > 2 ? Inputs[2] : -1;

    /// <inheritdoc />
    public override long GateCount => (long)Batch * OutChannels * Channels * KernelSize * Positions;

    private int[] BuildIm2Col()
    {
        int planes = Channels * KernelSize, plane = _geometry.InputSize;
        var map = new int[Batch * planes * Positions];
        for (int n = 0, i = 0; n < Batch; n++)
        {
            for (int c = 0; c < Channels; c++)
            {
                for (int t = 0; t < KernelSize; t++)
                {
                    for (int p = 0; p < Positions; p++, i++)
                    {
                        int at = _geometry.Read(p, t);
                        map[i] = at < 0 ? -1 : (n * Channels + c) * plane + at;
                    }
                }
            }
        }
        return map;
    }

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var x = values[Inputs[0]]!;
        var w = values[Weight]!;
        var bias = Bias >= 0 ? values[Bias]! : null;
        int patch = Channels * KernelSize;
        var y = new long[Batch * OutChannels * Positions];
        for (int n = 0; n < Batch; n++)
        {
            for (int m = 0; m < OutChannels; m++)
            {
                for (int p = 0; p < Positions; p++)
                {
                    long acc = bias?[m] ?? 0;
                    for (int j = 0; j < patch; j++)
                    {
                        int at = Im2Col[(n * patch + j) * Positions + p];
                        if (at >= 0) acc += (x[at] - ZeroPoint) * w[m * patch + j];
                    }
                    y[(n * OutChannels + m) * Positions + p] = acc;
                }
            }
        }
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(ZeroPoint);
        w.Write(Batch);
        w.Write(Channels);
        w.Write(OutChannels);
        _geometry.Describe(w);
    }
}
