using System.Numerics;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Tests.Field;

public class GoldilocksTests
{
    private static readonly BigInteger P = Goldilocks.Modulus;

    // Edge values near 0, p and the 2^32 / 2^64 boundaries where the reduction's carries and borrows happen.
    private static readonly ulong[] Edges =
    [
        0, 1, 2, 0xFFFF_FFFFUL, 0x1_0000_0000UL, 0x1_0000_0001UL, Goldilocks.Modulus - 1, Goldilocks.Modulus - 2,
        Goldilocks.Modulus / 2, Goldilocks.Modulus / 2 + 1, 0x8000_0000_0000_0000UL, 0xFFFF_FFFE_FFFF_FFFFUL,
    ];

    private static Goldilocks F(ulong x) => Goldilocks.FromUInt64(x);

    [Fact]
    public void ArithmeticMatchesBigInteger() => PropertyCheck.ForAll<ulong, ulong>(2000, CheckArithmetic);

    private static void CheckArithmetic(ulong a, ulong b)
    {
        BigInteger x = a % P, y = b % P;
        Assert.Equal((ulong)((x + y) % P), (F(a) + F(b)).Value);
        Assert.Equal((ulong)(((x - y) % P + P) % P), (F(a) - F(b)).Value);
        Assert.Equal((ulong)(x * y % P), (F(a) * F(b)).Value);
        Assert.Equal((ulong)((P - x) % P), (-F(a)).Value);
    }

    [Fact]
    public void ArithmeticMatchesBigIntegerAtEdges()
    {
        foreach (ulong a in Edges)
        foreach (ulong b in Edges)
            CheckArithmetic(a, b);
        // Reduce128 on products whose high word has all bits set.
        Assert.Equal((ulong)(BigInteger.Parse("340282366920938463463374607431768211455") % P),
            Goldilocks.Reduce128(ulong.MaxValue, ulong.MaxValue));
    }

    [Fact]
    public void FieldAxioms() => PropertyCheck.ForAll<ulong, ulong, ulong>(500, (a, b, c) =>
    {
        Goldilocks x = F(a), y = F(b), z = F(c);
        Assert.Equal(x + y, y + x);
        Assert.Equal(x * y, y * x);
        Assert.Equal((x + y) + z, x + (y + z));
        Assert.Equal((x * y) * z, x * (y * z));
        Assert.Equal(x * (y + z), x * y + x * z);
        Assert.Equal(x, x + Goldilocks.Zero);
        Assert.Equal(x, x * Goldilocks.One);
        Assert.Equal(Goldilocks.Zero, x + -x);
        if (!x.IsZero) Assert.Equal(Goldilocks.One, x * x.Inverse());
    });

    [Fact]
    public void SignedEmbeddingRoundTrips() => PropertyCheck.ForAll<long>(500, (v) =>
    {
        var x = Goldilocks.FromInt64(v);
        Assert.Equal((ulong)(((v % P) + P) % P), x.Value);
        Assert.Equal(v, x.ToSigned());
    });

    [Fact]
    public void NonCanonicalEncodingsAreRefused()
    {
        Span<byte> b = stackalloc byte[8];
        foreach (ulong v in new[] { Goldilocks.Modulus, Goldilocks.Modulus + 1, ulong.MaxValue })
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, v);
            Assert.False(Goldilocks.TryRead(b, out _));
        }
        F(Goldilocks.Modulus - 1).WriteTo(b);
        Assert.True(Goldilocks.TryRead(b, out var back));
        Assert.Equal(Goldilocks.Modulus - 1, back.Value);
    }

    [Fact]
    public void RootsOfUnityHaveExactOrder()
    {
        for (int k = 0; k <= 32; k++)
        {
            var w = Goldilocks.RootOfUnity(k);
            Assert.Equal(Goldilocks.One, w.Pow(1UL << k));
            if (k > 0) Assert.NotEqual(Goldilocks.One, w.Pow(1UL << (k - 1)));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Goldilocks.RootOfUnity(33));
    }

    [Fact]
    public void SevenGeneratesTheMultiplicativeGroup()
    {
        // p − 1 = 2^32 · 3 · 5 · 17 · 257 · 65537: 7 is a generator iff 7^((p−1)/q) ≠ 1 for each prime q.
        Assert.Equal(Goldilocks.Modulus - 1, (1UL << 32) * 3 * 5 * 17 * 257 * 65537);
        foreach (ulong q in new ulong[] { 2, 3, 5, 17, 257, 65537 })
            Assert.NotEqual(Goldilocks.One, Goldilocks.MultiplicativeGenerator.Pow((Goldilocks.Modulus - 1) / q));
    }

    [Fact]
    public void ZeroHasNoInverse() => Assert.Throws<DivideByZeroException>(() => Goldilocks.Zero.Inverse());

    [Fact]
    public void BatchInversionMatchesSingleInversions() => PropertyCheck.ForAll<ulong[]>(50, (raw) =>
    {
        var values = raw.Select(F).Where(v => !v.IsZero).ToArray();
        var expected = values.Select(v => v.Inverse()).ToArray();
        BatchInversion.InvertInPlace<Goldilocks>(values);
        Assert.Equal(expected, values);
    });

    [Fact]
    public void BatchInversionRefusesZeroAndLeavesInputUnchanged()
    {
        Goldilocks[] values = [F(3), Goldilocks.Zero, F(5)];
        Assert.Throws<DivideByZeroException>(() => BatchInversion.InvertInPlace<Goldilocks>(values));
        Assert.Equal([F(3), Goldilocks.Zero, F(5)], values);
    }
}
