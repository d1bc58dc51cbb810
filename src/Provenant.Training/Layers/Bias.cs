using System.Runtime.CompilerServices;
namespace Provenant.Training.Layers;

/// <summary>Per-channel bias shared by dense (plane = 1) and convolution (plane = output positions) layers.</summary>
internal static class Bias
{
    /// <summary>y[n, c, p] += b[c] for every sample n, channel c and plane position p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(float[] parameters, int offset, float[] y, int batch, int channels, int plane)
    {
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                var v = parameters[offset + c];
                var row = (n * channels + c) * plane;
                for (var p = 0; p < plane; p++)
                {
                    y[row + p] += v;
                }
            }
        }
    }

    /// <summary>∂b[c] = Σ over samples n ascending, then positions p ascending, of dy[n, c, p] (one sequential sum per channel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gradient(float[] dy, float[] gradients, int offset, int batch, int channels, int plane)
    {
        for (var c = 0; c < channels; c++)
        {
            var s = 0f;
            for (var n = 0; n < batch; n++)
            {
                var row = (n * channels + c) * plane;
                for (var p = 0; p < plane; p++)
                {
                    s += dy[row + p];
                }
            }
            gradients[offset + c] = s;
        }
    }
}
