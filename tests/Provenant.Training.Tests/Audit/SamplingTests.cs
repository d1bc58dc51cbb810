using Provenant.Training.Audit;

namespace Provenant.Training.Tests.Audit;

public class SamplingTests
{
    [Fact]
    public void SampleIsDistinctSortedDeterministicAndDependsOnTheRoot()
    {
        var root = new byte[32];
        var a = SegmentSampler.Sample(root, 1000, 50);
        Assert.Equal(50, a.Distinct().Count());
        Assert.Equal(a.Order(), a);
        Assert.All(a, j => Assert.InRange(j, 0, 999));
        Assert.Equal(a, SegmentSampler.Sample(root, 1000, 50));
        root[31] = 1;
        Assert.NotEqual(a, SegmentSampler.Sample(root, 1000, 50));
        Assert.Equal(Enumerable.Range(0, 7), SegmentSampler.Sample(root, 7, 100));
    }

    [Fact]
    public void SampleIsCloseToUniform()
    {
        // 2000 roots, 10 of 100 segments each: every segment should be hit ≈ 200 times (binomial sd ≈ 13.4)
        var hits = new int[100];
        for (var i = 0; i < 2000; i++)
        {
            var root = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));
            foreach (var j in SegmentSampler.Sample(root, 100, 10)) hits[j]++;
        }
        Assert.All(hits, h => Assert.InRange(h, 140, 260));
    }

    [Theory]
    [InlineData(10, 1, 1, 0.9)]
    [InlineData(10, 1, 10, 0.0)]
    [InlineData(10, 0, 5, 1.0)]
    [InlineData(10, 2, 2, 28.0 / 45.0)] // C(8,2)/C(10,2)
    [InlineData(100, 10, 5, 0.58375236692)] // C(90,5)/C(100,5) = 43949268/75287520
    public void EscapeProbabilityIsTheHypergeometricZeroTerm(int m, int f, int n, double expected) =>
        Assert.Equal(expected, EscapeProbability.Of(m, f, n), 9);

    [Fact]
    public void FivePercentOfOneThousandSegmentsDetectsTenPercentForgedWithProbabilityAbove99Percent()
    {
        var m = 1000;
        var n = SegmentSampler.SizeFor(0.05, m);
        Assert.Equal(50, n);
        Assert.True(EscapeProbability.Of(m, EscapeProbability.ForgedCount(0.1, m), n) < 0.01);
    }
}
