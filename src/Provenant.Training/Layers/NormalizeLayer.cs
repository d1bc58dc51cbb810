using System.Runtime.CompilerServices;
using Provenant.Training.Export;
using Provenant.Training.Numerics;

namespace Provenant.Training.Layers;

/// <summary>
/// The network's first step: y = (x − offset)·scale in float32 (two roundings, ONNX Sub then Mul with scalar
/// initializers), so the exported model takes raw dataset values (CSV numbers, pixels 0…255).
/// </summary>
internal sealed class NormalizeLayer : Layer
{
    public NormalizeLayer(int[] shape, float offset, float scale)
        : base("normalize", shape, shape)
    {
        Offset = offset;
        Scale = scale;
    }

    /// <summary>Subtracted first.</summary>
    public float Offset { get; }

    /// <summary>Multiplied second.</summary>
    public float Scale { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch)
    {
        var n = batch * InputSize;
        for (var i = 0; i < n; i++)
        {
            var d = x[i] - Offset;
            y[i] = d * Scale;
        }
    }

    /// <inheritdoc />
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        if (dx is not null)
        {
            var n = batch * InputSize;
            for (var i = 0; i < n; i++)
            {
                dx[i] = dy[i] * Scale;
            }
        }
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => 2L * batch * InputSize;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) => inputGradient ? (long)batch * InputSize : 0;

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters)
    {
        var offset = graph.Initializer("offset", [Offset]);
        graph.Node("Sub", [offset]);
        var scale = graph.Initializer("scale", [Scale]);
        graph.Node("Mul", [scale]);
    }
}
