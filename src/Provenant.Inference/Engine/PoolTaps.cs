namespace Provenant.Inference.Engine;

/// <summary>
/// Per axis and output coordinate: the input coordinates a window reads (in X, ascending) and how many
/// window taps fall inside the padded extent [−padBegin, input + padEnd) (the count_include_pad divisor).
/// </summary>
internal sealed class PoolTaps
{
    public int[][][] Valid { get; } = new int[SpatialGeometry.Dims][][];

    public int[][] Padded { get; } = new int[SpatialGeometry.Dims][];

    public static PoolTaps For(SpatialGeometry g)
    {
        var t = new PoolTaps();
        for (var a = 0; a < SpatialGeometry.Dims; a++)
        {
            t.Valid[a] = new int[g.Output[a]][];
            t.Padded[a] = new int[g.Output[a]];
            for (var o = 0; o < g.Output[a]; o++)
            {
                var list = new List<int>(g.Kernel[a]);
                for (var k = 0; k < g.Kernel[a]; k++)
                {
                    var v = o * g.Stride[a] - g.PadBegin[a] + k * g.Dilation[a];
                    if (v >= 0 && v < g.Input[a])
                    {
                        list.Add(v);
                    }
                    if (v >= -g.PadBegin[a] && v < g.Input[a] + g.PadEnd[a])
                    {
                        t.Padded[a][o]++;
                    }
                }
                t.Valid[a][o] = [.. list];
            }
        }
        return t;
    }
}
