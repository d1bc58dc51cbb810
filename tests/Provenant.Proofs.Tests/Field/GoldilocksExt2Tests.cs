using Provenant.Proofs.Field;

namespace Provenant.Proofs.Tests.Field;

public class GoldilocksExt2Tests
{
    private static GoldilocksExt2 E(ulong a, ulong b) => new(Goldilocks.FromUInt64(a), Goldilocks.FromUInt64(b));

    [Fact]
    public void SevenIsAQuadraticNonResidue() =>
        Assert.Equal(-Goldilocks.One, GoldilocksExt2.NonResidue.Pow((Goldilocks.Modulus - 1) / 2));

    [Fact]
    public void FieldAxioms() => PropertyCheck.ForAll<(ulong, ulong), (ulong, ulong), (ulong, ulong)>(500, (a, b, c) =>
    {
        GoldilocksExt2 x = E(a.Item1, a.Item2), y = E(b.Item1, b.Item2), z = E(c.Item1, c.Item2);
        Assert.Equal(x * y, y * x);
        Assert.Equal((x * y) * z, x * (y * z));
        Assert.Equal(x * (y + z), x * y + x * z);
        Assert.Equal(GoldilocksExt2.Zero, x - x);
        if (!x.IsZero) Assert.Equal(GoldilocksExt2.One, x * x.Inverse());
    });

    [Fact]
    public void USquaredIsSevenAndBaseFieldEmbeds() => PropertyCheck.ForAll<ulong, ulong>(200, (a, b) =>
    {
        var u = E(0, 1);
        Assert.Equal((GoldilocksExt2)Goldilocks.FromUInt64(7), u * u);
        GoldilocksExt2 ea = Goldilocks.FromUInt64(a), eb = Goldilocks.FromUInt64(b);
        Assert.Equal((GoldilocksExt2)(Goldilocks.FromUInt64(a) * Goldilocks.FromUInt64(b)), ea * eb);
        Assert.Equal(ea * E(b, a), Goldilocks.FromUInt64(a) * E(b, a));
    });

    [Fact]
    public void FrobeniusIsConjugation()
    {
        // x^p = c0 − c1·u in F_p[u]/(u^2 − 7): a check that the multiplication is a field multiplication.
        var x = E(123456789, 987654321);
        Assert.Equal(new GoldilocksExt2(x.C0, -x.C1), x.Pow(Goldilocks.Modulus));
    }

    [Fact]
    public void EncodingRoundTripsAndRefusesNonCanonical() => PropertyCheck.ForAll<ulong, ulong>(200, (a, b) =>
    {
        var x = E(a, b);
        Span<byte> buf = stackalloc byte[GoldilocksExt2.Size];
        x.WriteTo(buf);
        Assert.True(GoldilocksExt2.TryRead(buf, out var back));
        Assert.Equal(x, back);
        buf[8..].Fill(0xFF);
        Assert.False(GoldilocksExt2.TryRead(buf, out _));
    });

    [Fact]
    public void BatchInversionOverTheExtension()
    {
        GoldilocksExt2[] v = [E(1, 2), E(0, 5), E(ulong.MaxValue, 3)];
        var expected = v.Select(x => x.Inverse()).ToArray();
        BatchInversion.InvertInPlace<GoldilocksExt2>(v);
        Assert.Equal(expected, v);
    }
}
