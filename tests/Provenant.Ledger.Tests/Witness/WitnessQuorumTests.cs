using System.Text;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>k-of-n witness cosignature policy over a signed checkpoint.</summary>
public class WitnessQuorumTests
{
    private readonly TestLog _log = new(size: 8);
    private readonly CosignatureV1Signer[] _witnesses = [.. Enumerable.Range(1, 3).Select(i => TestLog.NewWitnessKey($"witness.example/w{i}", i))];

    private CosignatureV1Verifier[] Keys => [.. _witnesses.Select(w => w.Verifier)];

    private SignedNote CosignedBy(params int[] which)
    {
        var note = _log.Signed(8);
        var text = Encoding.UTF8.GetBytes(note.Text);
        return note.WithSignatures(which.Select(i => _witnesses[i].Sign(text)));
    }

    [Theory]
    [InlineData(new int[0], 0, true)]
    [InlineData(new int[0], 1, false)]
    [InlineData(new[] { 0 }, 1, true)]
    [InlineData(new[] { 0 }, 2, false)]
    [InlineData(new[] { 0, 2 }, 2, true)]
    [InlineData(new[] { 2, 2, 2 }, 2, false)]
    [InlineData(new[] { 0, 1, 2 }, 3, true)]
    public void CountsDistinctValidWitnesses(int[] cosigners, int k, bool reached)
    {
        var r = WitnessQuorum.Check(CosignedBy(cosigners), Keys, k);
        Assert.True(reached == r.IsValid, r.Result.ToString());
        Assert.Equal(cosigners.Distinct().Count(), r.CosignedBy.Count);
    }

    [Fact]
    public void UnknownCosignaturesDoNotCount()
    {
        var stranger = TestLog.NewWitnessKey("witness.example/stranger", 99);
        var note = _log.Signed(8);
        var cosigned = note.WithSignatures([stranger.Sign(Encoding.UTF8.GetBytes(note.Text))]);
        Assert.False(WitnessQuorum.Check(cosigned, Keys, 1).IsValid);
        Assert.Empty(WitnessQuorum.Check(cosigned, Keys, 0).CosignedBy);
    }

    [Fact]
    public void CosignatureOverAnotherCheckpointRejectsTheNote()
    {
        var other = Encoding.UTF8.GetBytes(_log.Checkpoint(7).Format());
        var note = CosignedBy(0, 1).WithSignatures([_witnesses[2].Sign(other)]);
        var r = WitnessQuorum.Check(note, Keys, 2);
        Assert.False(r.IsValid);
        Assert.Contains("invalid cosignature", r.Result.Reason);
    }

    [Fact]
    public void LogSignatureIsNotACosignature()
    {
        // An Ed25519 (type 0x01) signature under the same name as a witness has another key ID and is ignored.
        var asLog = new Ed25519NoteSigner("witness.example/w1", Enumerable.Repeat((byte)1, 32).ToArray());
        var note = _log.Signed(8);
        var signed = note.WithSignatures([asLog.Sign(Encoding.UTF8.GetBytes(note.Text))]);
        Assert.False(WitnessQuorum.Check(signed, Keys, 1).IsValid);
    }

    [Fact]
    public void ThresholdOutOfRangeIsACallerError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WitnessQuorum.Check(CosignedBy(0), Keys, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WitnessQuorum.Check(CosignedBy(0), Keys, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WitnessQuorum.Check(CosignedBy(0), [Keys[0], Keys[0]], 2));
    }
}
