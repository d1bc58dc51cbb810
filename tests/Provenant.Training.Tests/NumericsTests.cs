using Provenant.Training.Numerics;
using Provenant.Training.Random;

namespace Provenant.Training.Tests;

public class NumericsTests
{
    /// <summary>Reference outputs of Vigna's splitmix64.c seeded with 1234567 (also computed with an independent Python transcription).</summary>
    [Fact]
    public void SplitMix64MatchesTheReferenceSequence()
    {
        var g = new SplitMix64(1234567);
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => g.NextUInt64()));
    }

    [Fact]
    public void ShuffleIsAPermutationAndDependsOnTheStream()
    {
        var a = Enumerable.Range(0, 1000).ToArray();
        var b = (int[])a.Clone();
        SeedDerivation.Stream(5, "shuffle", 0).Shuffle(a.AsSpan());
        SeedDerivation.Stream(5, "shuffle", 1).Shuffle(b.AsSpan());
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(a, b);
        Assert.NotEqual(SeedDerivation.StreamSeed(5, "init", 0), SeedDerivation.StreamSeed(6, "init", 0));
        Assert.NotEqual(SeedDerivation.StreamSeed(5, "init", 0), SeedDerivation.StreamSeed(5, "init", 1));
    }

    [Fact]
    public void NextBelowIsUniformEnough()
    {
        var g = new SplitMix64(42);
        var counts = new int[3];
        for (var i = 0; i < 30_000; i++)
        {
            counts[g.NextBelow(3)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(-0.5)]
    [InlineData(1.0)]
    [InlineData(-30.123)]
    [InlineData(88.7)]
    [InlineData(-700.25)]
    [InlineData(709.0)]
    public void ExpAgreesWithTheRuntime(double x) =>
        Assert.True(Math.Abs(DeterministicMath.Exp(x) - Math.Exp(x)) <= 4e-16 * Math.Exp(x), $"{DeterministicMath.Exp(x)} vs {Math.Exp(x)}");

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-300)]
    [InlineData(0.7)]
    [InlineData(1.41421356)]
    [InlineData(2.0)]
    [InlineData(10.0)]
    [InlineData(123456.789)]
    [InlineData(1e300)]
    public void LogAgreesWithTheRuntime(double x) =>
        Assert.True(Math.Abs(DeterministicMath.Log(x) - Math.Log(x)) <= 4e-16 * Math.Max(1, Math.Abs(Math.Log(x))), $"{DeterministicMath.Log(x)} vs {Math.Log(x)}");

    [Fact]
    public void ExpAndLogEdgeCases()
    {
        Assert.Equal(0.0, DeterministicMath.Exp(-1000));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Exp(1000));
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log(0));
        Assert.True(double.IsNaN(DeterministicMath.Log(-1)));
    }
}
