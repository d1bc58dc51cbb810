using Provenant.Training.Random;

namespace Provenant.Training.Layers;

/// <summary>Weight initialisation from a deterministic stream.</summary>
internal static class Initializers
{
    /// <summary>
    /// He uniform (He et al., ICCV 2015, for ReLU networks): w = (float)((2u − 1)·√(6 / fanIn)) with u from
    /// <see cref="SplitMix64.NextDouble"/>, in order of the span; double arithmetic with one final rounding.
    /// </summary>
    public static void HeUniform(Span<float> weights, int fanIn, SplitMix64 random)
    {
        var limit = Math.Sqrt(6.0 / fanIn);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((2.0 * random.NextDouble() - 1.0) * limit);
        }
    }
}
