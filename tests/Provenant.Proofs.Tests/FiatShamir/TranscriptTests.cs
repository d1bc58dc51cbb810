using Provenant.Proofs.Field;
using Provenant.Proofs.FiatShamir;

namespace Provenant.Proofs.Tests.FiatShamir;

public class TranscriptTests
{
    private static Transcript Start()
    {
        var t = new Transcript("test/v1");
        t.Absorb("statement", [1, 2, 3]);
        return t;
    }

    [Fact]
    public void SameInputsGiveSameChallenges()
    {
        Transcript a = Start(), b = Start();
        Assert.Equal(a.ChallengeExt("r"), b.ChallengeExt("r"));
        Assert.Equal(a.ChallengeIndex("q", 1000), b.ChallengeIndex("q", 1000));
    }

    [Fact]
    public void EverythingAbsorbedChangesTheChallenge()
    {
        var baseline = Start().ChallengeExt("r");
        var other = new Transcript("test/v2"); other.Absorb("statement", [1, 2, 3]);
        Assert.NotEqual(baseline, other.ChallengeExt("r"));
        var relabelled = new Transcript("test/v1"); relabelled.Absorb("statemenu", [1, 2, 3]);
        Assert.NotEqual(baseline, relabelled.ChallengeExt("r"));
        var changed = new Transcript("test/v1"); changed.Absorb("statement", [1, 2, 4]);
        Assert.NotEqual(baseline, changed.ChallengeExt("r"));
        // Length prefixes: moving a byte from the data into the label is a different transcript.
        var shifted = new Transcript("test/v1"); shifted.Absorb("statement\u0001", [2, 3]);
        Assert.NotEqual(baseline, shifted.ChallengeExt("r"));
        Assert.NotEqual(baseline, Start().ChallengeExt("s"));
    }

    [Fact]
    public void SuccessiveChallengesDiffer()
    {
        var t = Start();
        var seen = new HashSet<GoldilocksExt2>();
        for (int i = 0; i < 100; i++) Assert.True(seen.Add(t.ChallengeExt("r")));
    }

    [Fact]
    public void IndexChallengesStayInRangeAndCoverIt()
    {
        var t = Start();
        var counts = new int[7];
        for (int i = 0; i < 7000; i++) counts[t.ChallengeIndex("q", 7)]++;
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.ChallengeIndex("q", 0));
        Assert.Equal(0UL, t.ChallengeIndex("q", 1));
    }

    [Fact]
    public void LongSqueezesAreBoundIntoTheState()
    {
        Transcript a = Start(), b = Start();
        var x = new byte[100]; var y = new byte[100];
        a.Squeeze("bytes", x); b.Squeeze("bytes", y);
        Assert.Equal(x, y);
        Assert.NotEqual(x[..32], x[32..64]);
        Assert.True(a.State.SequenceEqual(b.State));
        Assert.False(a.State.SequenceEqual(Start().State));
    }
}
