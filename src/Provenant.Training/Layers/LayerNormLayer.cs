using Provenant.Training.Export;
using Provenant.Training.Numerics;
using Provenant.Training.Random;

namespace Provenant.Training.Layers;

/// <summary>
/// Layer normalisation over a flat <c>[features]</c> sample (ONNX LayerNormalization, opset 17, axis −1,
/// ε = 1e-5 as float32): y_i = (x_i − μ)·r·γ_i + β_i with μ = (Σ x_i)/n, v = (Σ (x_i − μ)²)/n, r = 1/√(v + ε), all in
/// double in index order and rounded to float32 once, exactly as the float engine computes it (so the export check
/// is bit for bit). Parameters γ [n] (initialised to 1) then β [n] (0). Backward in double per sample, with
/// x̂_i = (x_i − μ)·r and g_i = ∂y_i·γ_i: ∂x_i = r·(g_i − (Σ g)/n − x̂_i·(Σ g·x̂)/n); ∂γ_i = Σ_samples ∂y_i·x̂_i and
/// ∂β_i = Σ_samples ∂y_i, accumulated over samples in ascending order.
/// </summary>
internal sealed class LayerNormLayer : Layer
{
    /// <summary>ε as the exported float32 attribute holds it.</summary>
    public const float Epsilon = 1e-5f;

    public LayerNormLayer(int features)
        : base("layernorm", [features], [features])
    {
    }

    /// <inheritdoc />
    public override int ParameterCount => 2 * InputSize;

    /// <inheritdoc />
    public override void Initialize(Span<float> parameters, SplitMix64 random)
    {
        parameters[..InputSize].Fill(1f);
        parameters[InputSize..].Clear();
    }

    /// <inheritdoc />
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch)
    {
        int n = InputSize, g = ParameterOffset, b = ParameterOffset + n;
        for (var s = 0; s < batch; s++)
        {
            var (mean, r) = Statistics(x.AsSpan(s * n, n));
            for (var i = 0; i < n; i++)
            {
                y[s * n + i] = (float)((x[s * n + i] - mean) * r * parameters[g + i] + parameters[b + i]);
            }
        }
    }

    /// <inheritdoc />
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        int n = InputSize, g = ParameterOffset, b = ParameterOffset + n;
        var dGamma = new double[n];
        var dBeta = new double[n];
        var hat = new double[n];
        for (var s = 0; s < batch; s++)
        {
            var (mean, r) = Statistics(x.AsSpan(s * n, n));
            double sumG = 0, sumGHat = 0;
            for (var i = 0; i < n; i++)
            {
                hat[i] = (x[s * n + i] - mean) * r;
                double d = dy[s * n + i], gi = d * parameters[g + i];
                dGamma[i] += d * hat[i];
                dBeta[i] += d;
                sumG += gi;
                sumGHat += gi * hat[i];
            }
            if (dx is null) continue;
            for (var i = 0; i < n; i++)
            {
                dx[s * n + i] = (float)(r * (dy[s * n + i] * parameters[g + i] - sumG / n - hat[i] * sumGHat / n));
            }
        }
        for (var i = 0; i < n; i++)
        {
            gradients[g + i] = (float)dGamma[i];
            gradients[b + i] = (float)dBeta[i];
        }
    }

    /// <summary>μ and 1/√(v + ε) of one sample, as the float engine's LayerNormalization computes them.</summary>
    private static (double Mean, double InvStd) Statistics(ReadOnlySpan<float> row)
    {
        var mean = 0.0;
        foreach (var v in row) mean += v;
        mean /= row.Length;
        var variance = 0.0;
        foreach (var v in row) variance += (v - mean) * (v - mean);
        variance /= row.Length;
        return (mean, 1 / Math.Sqrt(variance + Epsilon));
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => 8L * batch * InputSize;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) => (inputGradient ? 14L : 6L) * batch * InputSize;

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters)
    {
        var gamma = graph.Initializer("scale", parameters.AsSpan(ParameterOffset, InputSize), InputSize);
        var beta = graph.Initializer("B", parameters.AsSpan(ParameterOffset + InputSize, InputSize), InputSize);
        graph.Opset = Math.Max(graph.Opset, 17);
        graph.Node("LayerNormalization", [gamma, beta], Formats.Onnx.OnnxAttribute.FromInt("axis", -1), Formats.Onnx.OnnxAttribute.FromFloat("epsilon", Epsilon));
    }
}
