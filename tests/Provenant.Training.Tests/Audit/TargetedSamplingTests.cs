using Provenant.Training.Audit;

namespace Provenant.Training.Tests.Audit;

public class TargetedSamplingTests
{
    [Theory]
    [InlineData(1876, 0.01)]
    [InlineData(938, 0.01)]
    [InlineData(188, 0.01)]
    [InlineData(1000, 0.05)]
    [InlineData(50, 0.01)]
    public void SampleSizeIsTheFewestSegmentsMeetingTheBound(int segments, double maxEscape)
    {
        var forged = EscapeProbability.ForgedCount(0.1, segments);
        var n = EscapeProbability.SampleSizeFor(segments, forged, maxEscape);
        Assert.True(EscapeProbability.Of(segments, forged, n) <= maxEscape);
        Assert.True(EscapeProbability.Of(segments, forged, n - 1) > maxEscape);
    }

    [Fact]
    public void SampleSizeEdges()
    {
        Assert.Equal(0, EscapeProbability.SampleSizeFor(100, 0, 0.01));
        Assert.Equal(1, EscapeProbability.SampleSizeFor(1, 1, 0.01));
        // 10 % of 1876 segments forged: about ln 0.01 / ln 0.9 ≈ 44 segments whatever the run length
        Assert.InRange(EscapeProbability.SampleSizeFor(1876, 188, 0.01), 40, 44);
        Assert.Throws<ArgumentOutOfRangeException>(() => EscapeProbability.SampleSizeFor(10, 1, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EscapeProbability.SampleSizeFor(10, 11, 0.5));
    }

    [Theory]
    [InlineData(1876, 2)] // the Fashion-MNIST CNN's two epochs: 938 segments of 2, 43 sampled = 86 steps ≤ 93.8
    [InlineData(938, 1)]
    [InlineData(1350, 1)]
    [InlineData(100, 1)] // too short for the target at any K: the most segments
    [InlineData(100_000, 116)]
    public void IntervalIsTheLargestWithinTheBudget(long steps, int expected)
    {
        var k = CheckpointInterval.For(steps);
        Assert.Equal(expected, k);
        if (CheckpointInterval.ReExecutedSteps(steps, 1) <= 0.05 * steps)
        {
            Assert.True(CheckpointInterval.ReExecutedSteps(steps, k) <= 0.05 * steps);
            Assert.True(CheckpointInterval.ReExecutedSteps(steps, k + 1) > 0.05 * steps);
        }
    }
}
