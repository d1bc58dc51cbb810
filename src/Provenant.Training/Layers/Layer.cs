using Provenant.Training.Export;
using Provenant.Training.Numerics;
using Provenant.Training.Random;

namespace Provenant.Training.Layers;

/// <summary>
/// One layer of a trainable network. Activations are float32, row-major <c>[batch × per-sample shape]</c>
/// (images <c>[channels, height, width]</c>); parameters live in the network's flat parameter vector at
/// <see cref="ParameterOffset"/>, gradients at the same offset of the gradient vector. Every output and
/// gradient element is computed by one thread in a fixed order (see each layer), so results do not depend
/// on the thread count. A layer instance keeps what its backward pass needs from the last forward pass.
/// </summary>
internal abstract class Layer
{
    protected Layer(string kind, int[] inputShape, int[] outputShape)
    {
        Kind = kind;
        InputShape = inputShape;
        OutputShape = outputShape;
        InputSize = Size(inputShape);
        OutputSize = Size(outputShape);
    }

    /// <summary>The configuration name of the layer type (<c>dense</c>, <c>conv2d</c>, …).</summary>
    public string Kind { get; }

    /// <summary>Per-sample input shape.</summary>
    public int[] InputShape { get; }

    /// <summary>Per-sample output shape.</summary>
    public int[] OutputShape { get; }

    /// <summary>Elements per sample in.</summary>
    public int InputSize { get; }

    /// <summary>Elements per sample out.</summary>
    public int OutputSize { get; }

    /// <summary>Trainable parameters (0 for parameter-free layers).</summary>
    public virtual int ParameterCount => 0;

    /// <summary>Start of this layer's parameters in the network's parameter vector.</summary>
    public int ParameterOffset { get; set; }

    /// <summary>Writes the initial parameters (<see cref="ParameterCount"/> values) from <paramref name="random"/>.</summary>
    public virtual void Initialize(Span<float> parameters, SplitMix64 random)
    {
    }

    /// <summary>y[batch × OutputSize] = layer(x[batch × InputSize]).</summary>
    public abstract void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch);

    /// <summary>
    /// From dy = ∂L/∂y, writes this layer's parameter gradients (overwriting its slice of
    /// <paramref name="gradients"/>) and, when <paramref name="dx"/> is not null, ∂L/∂x. x and y are the last
    /// forward pass's input and output.
    /// </summary>
    public abstract void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch);

    /// <summary>Floating-point operations of <see cref="Forward"/> for <paramref name="batch"/> samples (multiply-add = 2).</summary>
    public abstract long ForwardFlops(int batch);

    /// <summary>Floating-point operations of <see cref="Backward"/> (with or without the input gradient).</summary>
    public abstract long BackwardFlops(int batch, bool inputGradient);

    /// <summary>Appends this layer's ONNX node(s) to <paramref name="graph"/>.</summary>
    public abstract void Export(OnnxGraphBuilder graph, float[] parameters);

    /// <summary>Product of the dimensions.</summary>
    public static int Size(int[] shape) => shape.Aggregate(1, (a, b) => checked(a * b));
}
