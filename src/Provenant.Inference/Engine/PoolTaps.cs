namespace Provenant.Inference.Engine;

/// <summary>
/// Per axis and output coordinate: the input coordinates a window reads (in X, ascending) and how many
/// window taps fall inside the padded extent [−padBegin, input + padEnd) (the count_include_pad divisor).
/// </summary>
internal sealed class PoolTaps
{
    public int[][][] Valid { get; } = new int[SpatialGeometry.Dims][][];

    public int[][] Padded { get; } = new int[SpatialGeometry.Dims][];

    /// <summary>
    /// Per output position o (row-major over the output grid), the in-plane input offsets its window reads,
    /// in row-major (d, h, w) order: <c>Offsets[Start[o] .. Start[o + 1]]</c>.
    /// </summary>
    public int[] Offsets { get; private set; } = [];

    /// <summary>Window start of each output position in <see cref="Offsets"/> (length outputs + 1).</summary>
    public int[] Start { get; private set; } = [];

    public static PoolTaps For(SpatialGeometry g)
    {
        var t = new PoolTaps();
        t.Fill(g);
        var offsets = new List<int>();
        var start = new List<int> { 0 };
        for (var o0 = 0; o0 < g.Output[0]; o0++)
        {
            for (var o1 = 0; o1 < g.Output[1]; o1++)
            {
                for (var o2 = 0; o2 < g.Output[2]; o2++)
                {
                    foreach (var d in t.Valid[0][o0])
                    {
                        foreach (var h in t.Valid[1][o1])
                        {
                            foreach (var w in t.Valid[2][o2])
                            {
                                offsets.Add((d * g.Input[1] + h) * g.Input[2] + w);
                            }
                        }
                    }
                    start.Add(offsets.Count);
                }
            }
        }
        t.Offsets = [.. offsets];
        t.Start = [.. start];
        return t;
    }

    private void Fill(SpatialGeometry g)
    {
        var t = this;
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
    }
}
