using Provenant.Training.Export;
using Provenant.Training.Numerics;
using Provenant.Training.Random;

namespace Provenant.Training.Layers;

/// <summary>
/// Fully connected layer y = x·W + b (ONNX Gemm with B = W). W is <c>[in, out]</c>, b is <c>[out]</c>, stored W
/// then b. Forward: y[n,o] = (fma chain over i ascending of x[n,i]·W[i,o] from 0) + b[o] — the engine's Gemm
/// order. Backward: ∂W[i,o] = chain over samples n ascending of x[n,i]·dy[n,o]; ∂b[o] = Σ_n dy[n,o] in
/// ascending n; ∂x[n,i] = chain over o ascending of dy[n,o]·W[i,o]. Initialisation: He uniform,
/// W ~ U(−√(6/in), √(6/in)), b = 0.
/// </summary>
internal sealed class DenseLayer : Layer
{
    private float[] _xT = [];
    private float[] _wT = [];

    public DenseLayer(int inputs, int outputs)
        : base("dense", [inputs], [outputs])
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features (units).</summary>
    public int Outputs { get; }

    /// <inheritdoc />
    public override int ParameterCount => checked(Inputs * Outputs + Outputs);

    /// <inheritdoc />
    public override void Initialize(Span<float> parameters, SplitMix64 random) =>
        Initializers.HeUniform(parameters[..(Inputs * Outputs)], Inputs, random);

    /// <inheritdoc />
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch)
    {
        compute.Multiply(x, 0, parameters, ParameterOffset, y, 0, batch, Inputs, Outputs);
        Bias.Add(parameters, ParameterOffset + Inputs * Outputs, y, batch, Outputs, 1);
    }

    /// <inheritdoc />
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        _xT = Buffers.AtLeast(_xT, batch * Inputs);
        Compute.Transpose(x, 0, batch, Inputs, _xT, 0);
        compute.Multiply(_xT, 0, dy, 0, gradients, ParameterOffset, Inputs, batch, Outputs);
        Bias.Gradient(dy, gradients, ParameterOffset + Inputs * Outputs, batch, Outputs, 1);
        if (dx is not null)
        {
            _wT = Buffers.AtLeast(_wT, Inputs * Outputs);
            Compute.Transpose(parameters, ParameterOffset, Inputs, Outputs, _wT, 0);
            compute.Multiply(dy, 0, _wT, 0, dx, 0, batch, Outputs, Inputs);
        }
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => (2L * Inputs + 1) * Outputs * batch;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) =>
        (2L * Inputs + 1) * Outputs * batch + (inputGradient ? 2L * Inputs * Outputs * batch : 0);

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters)
    {
        var w = graph.Initializer("W", parameters.AsSpan(ParameterOffset, Inputs * Outputs), Inputs, Outputs);
        var b = graph.Initializer("B", parameters.AsSpan(ParameterOffset + Inputs * Outputs, Outputs), Outputs);
        graph.Node("Gemm", [w, b]);
    }
}
