using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Provenant.Inference.Engine;

namespace Provenant.Inference.Integer;

/// <summary>
/// The channels of one image and group with the convolution's padding made explicit, as unsigned bytes: element
/// (c, i0, i1, i2) of the padded extent (Input + PadBegin + PadEnd per axis) holds X + 128 inside the input and
/// x_zero_point + 128 in the padding. Every window of the output lies inside this extent (ONNX's output size, floor
/// mode), so im2col reads it without bounds tests.
/// </summary>
internal readonly struct PaddedVolume
{
    private readonly int _d0;
    private readonly int _d1;
    private readonly int _d2;
    private readonly int _channels;

    public PaddedVolume(SpatialGeometry g, int channels)
    {
        Geometry = g;
        _channels = channels;
        _d0 = g.Input[0] + g.PadBegin[0] + g.PadEnd[0];
        _d1 = g.Input[1] + g.PadBegin[1] + g.PadEnd[1];
        _d2 = g.Input[2] + g.PadBegin[2] + g.PadEnd[2];
    }

    /// <summary>The convolution's geometry.</summary>
    public SpatialGeometry Geometry { get; }

    /// <summary>Bytes of the volume.</summary>
    public int Length => _channels * _d0 * _d1 * _d2;

    /// <summary>Index of padded element (c, i0, i1, i2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Offset(int c, int i0, int i1, int i2) => ((c * _d0 + i0) * _d1 + i1) * _d2 + i2;

    /// <summary>Writes the volume for the channels starting at <paramref name="inBase"/> of <paramref name="src"/> into <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(sbyte[] src, int inBase, byte padding, byte[] dst)
    {
        var g = Geometry;
        dst.AsSpan(0, Length).Fill(padding);
        var input = MemoryMarshal.AsBytes(src.AsSpan());
        for (var c = 0; c < _channels; c++)
        {
            for (var i0 = 0; i0 < g.Input[0]; i0++)
            {
                for (var i1 = 0; i1 < g.Input[1]; i1++)
                {
                    var from = inBase + ((c * g.Input[0] + i0) * g.Input[1] + i1) * g.Input[2];
                    Int8Gemm.FlipSign(input.Slice(from, g.Input[2]), dst.AsSpan(Offset(c, i0 + g.PadBegin[0], i1 + g.PadBegin[1], g.PadBegin[2]), g.Input[2]));
                }
            }
        }
    }
}
