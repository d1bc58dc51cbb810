using Provenant.Proofs.Field;

namespace Provenant.Proofs.Tests;

/// <summary>Random field elements and vectors from a seeded <see cref="Random"/>.</summary>
internal static class TestField
{
    public static Goldilocks Base(Random rng) => Goldilocks.FromUInt64((ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63));

    public static GoldilocksExt2 Ext(Random rng) => new(Base(rng), Base(rng));

    public static GoldilocksExt2[] ExtVector(Random rng, int n)
    {
        var v = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) v[i] = Ext(rng);
        return v;
    }

    public static Goldilocks[] SmallVector(Random rng, int n, int lo, int hi)
    {
        var v = new Goldilocks[n];
        for (int i = 0; i < n; i++) v[i] = Goldilocks.FromInt64(rng.Next(lo, hi));
        return v;
    }

    /// <summary>A random ext element different from <paramref name="x"/>.</summary>
    public static GoldilocksExt2 Other(Random rng, GoldilocksExt2 x) => x + new GoldilocksExt2(Goldilocks.FromUInt64((ulong)rng.Next(1, 1000)), Goldilocks.Zero);
}
