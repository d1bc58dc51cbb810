using System.Runtime.CompilerServices;
namespace Provenant.Training.Layers;

/// <summary>
/// Average pooling (ONNX AveragePool without padding): y = (Σ taps in row-major window order, float32) / K²,
/// as in the engine. Backward: each tap gets dy / K², overlapping windows adding in ascending output order.
/// </summary>
internal sealed class AvgPool2dLayer : PoolLayer
{
    public AvgPool2dLayer(int[] input, int size, int stride)
        : base("avgpool2d", input, size, stride)
    {
    }

    /// <inheritdoc />
    protected override string OnnxOperator => "AveragePool";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override float Window(float[] x, int plane, int y0, int x0, int output)
    {
        var w = InputShape[2];
        var s = 0f;
        for (var ky = 0; ky < PoolSize; ky++)
        {
            for (var kx = 0; kx < PoolSize; kx++)
            {
                s += x[plane + (y0 + ky) * w + x0 + kx];
            }
        }
        return s / (PoolSize * PoolSize);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Route(float[] dx, int plane, int y0, int x0, int output, float g)
    {
        var w = InputShape[2];
        var share = g / (PoolSize * PoolSize);
        for (var ky = 0; ky < PoolSize; ky++)
        {
            for (var kx = 0; kx < PoolSize; kx++)
            {
                dx[plane + (y0 + ky) * w + x0 + kx] += share;
            }
        }
    }
}
