using System.Runtime.CompilerServices;
using Provenant.Training.Export;
using Provenant.Training.Numerics;

namespace Provenant.Training.Layers;

/// <summary>ReLU (ONNX Relu): y = x &lt; 0 ? 0 : x, as the engine; ∂x = x &gt; 0 ? ∂y : 0. Element-wise.</summary>
internal sealed class ReluLayer : Layer
{
    public ReluLayer(int[] shape)
        : base("relu", shape, shape)
    {
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch)
    {
        var n = batch * InputSize;
        for (var i = 0; i < n; i++)
        {
            y[i] = x[i] < 0f ? 0f : x[i];
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        if (dx is null)
        {
            return;
        }
        var n = batch * InputSize;
        for (var i = 0; i < n; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : 0f;
        }
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => (long)batch * InputSize;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) => inputGradient ? (long)batch * InputSize : 0;

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters) => graph.Node("Relu", []);
}
