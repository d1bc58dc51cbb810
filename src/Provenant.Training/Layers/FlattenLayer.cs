using Provenant.Formats.Onnx;
using Provenant.Training.Export;
using Provenant.Training.Numerics;

namespace Provenant.Training.Layers;

/// <summary>Flatten (ONNX Flatten, axis 1): <c>[d1, d2, …]</c> → <c>[d1·d2·…]</c>; row-major data is unchanged.</summary>
internal sealed class FlattenLayer : Layer
{
    public FlattenLayer(int[] shape)
        : base("flatten", shape, [Size(shape)])
    {
    }

    /// <inheritdoc />
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch) => Array.Copy(x, y, batch * InputSize);

    /// <inheritdoc />
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        if (dx is not null)
        {
            Array.Copy(dy, dx, batch * InputSize);
        }
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => 0;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) => 0;

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters) => graph.Node("Flatten", [], OnnxAttribute.FromInt("axis", 1));
}
