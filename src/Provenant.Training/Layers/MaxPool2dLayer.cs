using System.Runtime.CompilerServices;
namespace Provenant.Training.Layers;

/// <summary>
/// Max pooling (ONNX MaxPool). The maximum is the first tap, in row-major window order, that no later tap
/// exceeds (strict &gt;), as in the engine; the backward pass routes each output's gradient to that tap, and
/// overlapping windows add in ascending output order.
/// </summary>
internal sealed class MaxPool2dLayer : PoolLayer
{
    private int[] _argmax = [];

    public MaxPool2dLayer(int[] input, int size, int stride)
        : base("maxpool2d", input, size, stride)
    {
    }

    /// <inheritdoc />
    protected override string OnnxOperator => "MaxPool";

    /// <inheritdoc />
    protected override void PrepareForward(int batch) => _argmax = Buffers.AtLeast(_argmax, batch * OutputSize);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override float Window(float[] x, int plane, int y0, int x0, int output)
    {
        var w = InputShape[2];
        var best = float.MinValue;
        var at = -1;
        for (var ky = 0; ky < PoolSize; ky++)
        {
            for (var kx = 0; kx < PoolSize; kx++)
            {
                var i = (y0 + ky) * w + x0 + kx;
                var v = x[plane + i];
                if (at < 0 || v > best)
                {
                    best = v;
                    at = i;
                }
            }
        }
        _argmax[output] = at;
        return best;
    }

    /// <inheritdoc />
    protected override void Route(float[] dx, int plane, int y0, int x0, int output, float g) => dx[plane + _argmax[output]] += g;
}
