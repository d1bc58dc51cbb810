using System.Runtime.CompilerServices;
using Provenant.Formats.Onnx;
using Provenant.Training.Export;
using Provenant.Training.Numerics;

namespace Provenant.Training.Layers;

/// <summary>
/// 2-D pooling over <c>[C, H, W]</c> with a K×K window, stride S and no padding (ONNX MaxPool / AveragePool,
/// floor mode): output <c>[C, (H−K)/S+1, (W−K)/S+1]</c>. Window taps are visited row by row (ky, then kx,
/// ascending) as the engine does. Planes (sample, channel) are independent and split over threads.
/// </summary>
internal abstract class PoolLayer : Layer
{
    protected PoolLayer(string kind, int[] input, int size, int stride)
        : base(kind, input, [input[0], (input[1] - size) / stride + 1, (input[2] - size) / stride + 1])
    {
        PoolSize = size;
        Stride = stride;
    }

    /// <summary>Window side K.</summary>
    public int PoolSize { get; }

    /// <summary>Stride S.</summary>
    public int Stride { get; }

    /// <summary>ONNX operator written by <see cref="Export"/>.</summary>
    protected abstract string OnnxOperator { get; }

    /// <inheritdoc />
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch)
    {
        PrepareForward(batch);
        int inPlane = InputShape[1] * InputShape[2], outPlane = OutputShape[1] * OutputShape[2];
        compute.For(batch * InputShape[0], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                var o = p * outPlane;
                for (var oy = 0; oy < OutputShape[1]; oy++)
                {
                    for (var ox = 0; ox < OutputShape[2]; ox++, o++)
                    {
                        y[o] = Window(x, p * inPlane, oy * Stride, ox * Stride, o);
                    }
                }
            }
        });
    }

    /// <inheritdoc />
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        if (dx is null)
        {
            return;
        }
        int inPlane = InputShape[1] * InputShape[2], outPlane = OutputShape[1] * OutputShape[2];
        compute.For(batch * InputShape[0], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                Array.Clear(dx, p * inPlane, inPlane);
                var o = p * outPlane;
                for (var oy = 0; oy < OutputShape[1]; oy++)
                {
                    for (var ox = 0; ox < OutputShape[2]; ox++, o++)
                    {
                        Route(dx, p * inPlane, oy * Stride, ox * Stride, o, dy[o]);
                    }
                }
            }
        });
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => (long)batch * OutputSize * PoolSize * PoolSize;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) => inputGradient ? (long)batch * OutputSize * PoolSize * PoolSize : 0;

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters) =>
        graph.Node(OnnxOperator, [], OnnxAttribute.FromInts("kernel_shape", PoolSize, PoolSize), OnnxAttribute.FromInts("strides", Stride, Stride));

    /// <summary>Called before a forward pass of <paramref name="batch"/> samples (to size per-output state).</summary>
    protected virtual void PrepareForward(int batch)
    {
    }

    /// <summary>The pooled value of the window whose top-left input is (y0, x0) in the plane at <paramref name="plane"/>; <paramref name="output"/> is the output index.</summary>
    protected abstract float Window(float[] x, int plane, int y0, int x0, int output);

    /// <summary>Adds output <paramref name="output"/>'s gradient <paramref name="g"/> to the window's inputs in dx.</summary>
    protected abstract void Route(float[] dx, int plane, int y0, int x0, int output, float g);
}
