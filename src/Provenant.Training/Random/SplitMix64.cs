namespace Provenant.Training.Random;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the
/// constants of Vigna's reference <c>splitmix64.c</c>): state ← state + 0x9E3779B97F4A7C15, output = the
/// state mixed by two xor-shift-multiply rounds. Integer arithmetic only, so every machine and runtime
/// produces the same sequence. Not cryptographic: seeds come from <see cref="SeedDerivation"/>.
/// </summary>
public sealed class SplitMix64
{
    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 output bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2^-53 (exact).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An unbiased integer in [0, <paramref name="bound"/>): rejection sampling on the 64-bit output
    /// (values ≥ the largest multiple of the bound below 2^64 are drawn again).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is 0.</exception>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var limit = ulong.MaxValue - (ulong.MaxValue % bound + 1) % bound;
        ulong v;
        do
        {
            v = NextUInt64();
        }
        while (v > limit);
        return v % bound;
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place, from the last position down (Knuth's Algorithm P).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)NextBelow((ulong)i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
