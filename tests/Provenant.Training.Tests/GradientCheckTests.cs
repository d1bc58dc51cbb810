using Provenant.Training.Layers;
using Provenant.Training.Model;
using Provenant.Training.Numerics;

namespace Provenant.Training.Tests;

/// <summary>
/// Each layer's backward pass against central finite differences of L = Σ r·y evaluated in double, with the
/// perturbation's actual float32 size as the denominator.
/// </summary>
public class GradientCheckTests
{
    private static readonly Compute Serial = new(1);

    [Fact]
    public void Dense() => Check(new DenseLayer(5, 4), 3, Uniform(15, 1));

    [Fact]
    public void Conv2dWithStrideAndPadding() => Check(new Conv2dLayer([2, 6, 5], 3, 3, 2, 1), 2, Uniform(2 * 2 * 6 * 5, 2));

    [Fact]
    public void Conv2dWithoutPadding() => Check(new Conv2dLayer([1, 5, 5], 2, 2, 1, 0), 2, Uniform(2 * 25, 3));

    [Fact]
    public void MaxPoolWithOverlappingWindows() => Check(new MaxPool2dLayer([2, 4, 4], 2, 1), 2, Distinct(2 * 2 * 16, 4));

    [Fact]
    public void AveragePool() => Check(new AvgPool2dLayer([2, 5, 5], 3, 2), 2, Uniform(2 * 2 * 25, 5));

    [Fact]
    public void Relu() => Check(new ReluLayer([7]), 3, Distinct(21, 6));

    [Fact]
    public void LayerNorm() => Check(new LayerNormLayer(6), 3, Uniform(18, 9));

    [Fact]
    public void Flatten() => Check(new FlattenLayer([2, 3]), 2, Uniform(12, 7));

    [Fact]
    public void SoftmaxCrossEntropyGradient()
    {
        const int batch = 3, classes = 5;
        var logits = Uniform(batch * classes, 8).Select(v => 3 * v).ToArray();
        int[] labels = [4, 0, 2];
        var gradient = new float[logits.Length];
        SoftmaxCrossEntropy.Compute(logits, labels, classes, gradient);
        var scratch = new float[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            var numeric = Central(logits, i, 1e-2f, () => SoftmaxCrossEntropy.Compute(logits, labels, classes, scratch));
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-3 * (1 + Math.Abs(gradient[i])), $"logit {i}: numeric {numeric}, analytic {gradient[i]}");
        }
    }

    [Fact]
    public void LossMatchesTheDefinitionInDouble()
    {
        float[] logits = [1f, 2f, 0.5f, -1f, 4f, 0f];
        var loss = SoftmaxCrossEntropy.Compute(logits, [1, 2], 3, new float[6]);
        var row0 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5)) - 2;
        var row1 = Math.Log(Math.Exp(-1) + Math.Exp(4) + Math.Exp(0)) - 0;
        Assert.Equal((row0 + row1) / 2, loss, 1e-12);
    }

    private static void Check(Layer layer, int batch, float[] x)
    {
        var p = Uniform(layer.ParameterCount, 99);
        var r = Uniform(batch * layer.OutputSize, 100);
        var y = new float[batch * layer.OutputSize];
        double Objective()
        {
            layer.Forward(Serial, p, x, y, batch);
            var s = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                s += (double)r[i] * y[i];
            }
            return s;
        }
        Objective();
        var gradients = new float[p.Length];
        var dx = new float[x.Length];
        layer.Backward(Serial, p, x, y, r, dx, gradients, batch);
        for (var j = 0; j < p.Length; j++)
        {
            var numeric = Central(p, j, 1e-2f, Objective);
            Assert.True(Math.Abs(numeric - gradients[j]) <= 2e-3 * (1 + Math.Abs(gradients[j])), $"{layer.Kind} parameter {j}: numeric {numeric}, analytic {gradients[j]}");
        }
        for (var i = 0; i < x.Length; i++)
        {
            var numeric = Central(x, i, 1e-3f, Objective);
            Assert.True(Math.Abs(numeric - dx[i]) <= 2e-3 * (1 + Math.Abs(dx[i])), $"{layer.Kind} input {i}: numeric {numeric}, analytic {dx[i]}");
        }
    }

    private static double Central(float[] v, int i, float h, Func<double> f)
    {
        var original = v[i];
        v[i] = original + h;
        var up = v[i];
        var fUp = f();
        v[i] = original - h;
        var down = v[i];
        var fDown = f();
        v[i] = original;
        return (fUp - fDown) / ((double)up - down);
    }

    private static float[] Uniform(int n, int seed)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Values spaced 0.05 apart, none within 0.025 of 0, in shuffled order (no ties or kinks within a 1e-3 step).</summary>
    private static float[] Distinct(int n, int seed)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, n).Select(i => (float)((i - n / 2) * 0.05 + 0.025)).OrderBy(_ => rng.Next()).ToArray();
    }
}
