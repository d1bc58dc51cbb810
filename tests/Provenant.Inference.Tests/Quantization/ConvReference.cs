namespace Provenant.Inference.Tests.Quantization;

/// <summary>QConv by plain loops in int64 (the test oracle): 2-D, NCHW, explicit pads [top, left, bottom, right].</summary>
internal static class ConvReference
{
    /// <summary>Y [n, m, oh, ow] for X [n, c, h, w] and W [m, c/group, kh, kw]; a padded position reads <paramref name="zp"/>.</summary>
    public static long[] Run(sbyte[] x, int n, int c, int h, int w, sbyte[] wt, int m, int kh, int kw, int group, int[] bias, sbyte zp,
        int[] strides, int[] pads, int[] dil, out int oh, out int ow)
    {
        oh = (h + pads[0] + pads[2] - ((kh - 1) * dil[0] + 1)) / strides[0] + 1;
        ow = (w + pads[1] + pads[3] - ((kw - 1) * dil[1] + 1)) / strides[1] + 1;
        var y = new long[n * m * oh * ow];
        var cg = c / group;
        for (var b = 0; b < n; b++)
        {
            for (var o = 0; o < m; o++)
            {
                var g = o / (m / group);
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        long s = bias[o];
                        for (var ci = 0; ci < cg; ci++)
                        {
                            for (var ki = 0; ki < kh; ki++)
                            {
                                for (var kj = 0; kj < kw; kj++)
                                {
                                    int yy = i * strides[0] - pads[0] + ki * dil[0], xx = j * strides[1] - pads[1] + kj * dil[1];
                                    var v = yy >= 0 && yy < h && xx >= 0 && xx < w ? x[((b * c + g * cg + ci) * h + yy) * w + xx] : zp;
                                    s += (long)(v - zp) * wt[((o * cg + ci) * kh + ki) * kw + kj];
                                }
                            }
                        }
                        y[((b * m + o) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return y;
    }
}
