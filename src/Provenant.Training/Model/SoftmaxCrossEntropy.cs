using System.Runtime.CompilerServices;
using Provenant.Training.Numerics;

namespace Provenant.Training.Model;

/// <summary>
/// Mean softmax cross-entropy over a batch of B rows of C logits z with labels y:
/// L = (1/B)·Σ_n [log Σ_c e^(z[n,c] − max_n) − (z[n,y_n] − max_n)], ∂L/∂z[n,c] = (softmax(z_n)_c − [c = y_n]) / B.
/// Per row in double with <see cref="DeterministicMath"/> (sums over c ascending), gradients rounded once to
/// float32; the batch loss sums rows in ascending n. No step depends on the thread count.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>Writes ∂L/∂z into <paramref name="gradient"/> (B×C) and returns L.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute(float[] logits, ReadOnlySpan<int> labels, int classes, float[] gradient)
    {
        var batch = labels.Length;
        var exps = new double[classes];
        var total = 0.0;
        for (var n = 0; n < batch; n++)
        {
            var row = n * classes;
            double max = logits[row];
            for (var c = 1; c < classes; c++)
            {
                max = Math.Max(max, logits[row + c]);
            }
            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                exps[c] = DeterministicMath.Exp(logits[row + c] - max);
                sum += exps[c];
            }
            var y = labels[n];
            total += DeterministicMath.Log(sum) - (logits[row + y] - max);
            for (var c = 0; c < classes; c++)
            {
                var p = exps[c] / sum;
                gradient[row + c] = (float)(((c == y ? p - 1.0 : p)) / batch);
            }
        }
        return total / batch;
    }

    /// <summary>Floating-point operations of <see cref="Compute"/> (exp and log counted as one each).</summary>
    public static long Flops(int batch, int classes) => (long)batch * (6L * classes + 3);
}
