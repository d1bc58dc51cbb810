using Provenant.Core.Errors;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>Every single-byte change of a signed message, a signed claim and a transcript is rejected.</summary>
public sealed class SignedMessageTamperTests
{
    private static readonly byte[] Masks = [0x01, 0x20, 0x80, 0xff];

    private static DisputeTranscript Game()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(1000));
        var honest = model.Claim(inputs);
        return Play(model, inputs, honest, From(model, CorruptLeaf(model, honest.Trace, 3, new Random(4)))).Transcript;
    }

    [Fact]
    public void Every_byte_change_of_every_signed_message_is_rejected()
    {
        var t = Game();
        Assert.True(t.Messages.Count >= 3);
        var checkedChanges = 0;
        foreach (var wire in t.Messages)
        {
            var original = SignedDisputeMessage.Parse(wire, "m");
            var from = DisputeMessage.Parse(original.Payload, "m").From;
            var key = from == DisputeRole.Claimant ? ClaimantKey : ChallengerKey;
            var hint = Signing.Keys.PublicKeyPem.Hint(key);
            Assert.True(original.Verify(key, hint).IsValid);
            for (var i = 0; i < wire.Length; i++)
            {
                foreach (var mask in Masks)
                {
                    var changed = (byte[])wire.Clone();
                    changed[i] ^= mask;
                    checkedChanges++;
                    SignedDisputeMessage parsed;
                    try
                    {
                        parsed = SignedDisputeMessage.Parse(changed, "m");
                    }
                    catch (ProvenantFormatException)
                    {
                        continue;
                    }
                    Assert.False(parsed.Verify(key, hint).IsValid, $"byte {i} ^ {mask:x2} of a {from} message still verifies");
                }
            }
        }
        Assert.True(checkedChanges > 1000);
    }

    [Fact]
    public void A_changed_byte_in_a_live_move_makes_its_sender_lose()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(1001));
        var honest = model.Claim(inputs);
        var wrong = From(model, CorruptLeaf(model, honest.Trace, 2, new Random(5)));
        var t = Play(model, inputs, honest, wrong).Transcript;
        Assert.Equal(DisputeOutcome.ClaimantWins, t.Ruling.Outcome);
        var rng = new Random(1002);
        for (var trial = 0; trial < 40; trial++)
        {
            var m = rng.Next(t.Messages.Count);
            var messages = t.Messages.Select(x => (byte[])x.Clone()).ToArray();
            messages[m][rng.Next(messages[m].Length)] ^= Masks[rng.Next(Masks.Length)];
            var sender = DisputeMessage.Parse(SignedDisputeMessage.Parse(t.Messages[m], "m").Payload, "m").From;
            var (referee, _) = (t with { Messages = messages }).Replay(model.Skeleton);
            Assert.Equal(sender == DisputeRole.Claimant ? DisputeOutcome.ChallengerWins : DisputeOutcome.ClaimantWins, referee.Ruling!.Outcome);
        }
    }

    [Fact]
    public void Every_byte_change_of_a_signed_claim_is_rejected_before_any_move()
    {
        var model = DigitsMlp;
        var claim = model.Claim(RandomInputs(model.Graph, new Random(1003))).Claim;
        var bundle = Sign(claim, ClaimantKey);
        var other = Sign(claim, ChallengerKey);
        Assert.Equal(DisputeOutcome.ClaimsAgree, DisputeSetup.Create(bundle, ClaimantKey, other, ChallengerKey).Ruling!.Outcome);
        for (var i = 0; i < bundle.Length; i++)
        {
            var changed = (byte[])bundle.Clone();
            changed[i] ^= 0x01;
            var setup = DisputeSetup.Create(changed, ClaimantKey, other, ChallengerKey);
            // The bundle's JSON framing may tolerate some changes (e.g. the media type's letter case is not signed);
            // what matters is that no change yields a different authenticated claim.
            if (setup.Claim is not null)
            {
                Assert.Equal(claim.ToStatementBytes(), setup.Claim.ToStatementBytes());
                continue;
            }
            Assert.Equal(DisputeOutcome.ChallengerWins, setup.Ruling!.Outcome);
        }
    }

    [Fact]
    public void A_transcript_round_trips_and_its_byte_changes_are_parse_errors_or_change_nothing_signed()
    {
        var t = Game();
        var bytes = t.ToBytes();
        var parsed = DisputeTranscript.Parse(bytes, "t");
        Assert.Equal(bytes, parsed.ToBytes());
        var model = DigitsMlp;
        Assert.True(parsed.Replay(model.Skeleton).Consistency.IsValid);
        var rng = new Random(1004);
        for (var trial = 0; trial < 300; trial++)
        {
            var changed = (byte[])bytes.Clone();
            changed[rng.Next(changed.Length)] ^= Masks[rng.Next(Masks.Length)];
            DisputeTranscript other;
            try
            {
                other = DisputeTranscript.Parse(changed, "t");
            }
            catch (ProvenantFormatException)
            {
                continue;
            }
            catch (ProvenantException)
            {
                continue;
            }
            var (_, consistency) = TryReplay(other, model);
            var sameSigned = other.Messages.Count == t.Messages.Count && other.Messages.Zip(t.Messages).All(p => p.First.AsSpan().SequenceEqual(p.Second))
                && other.ClaimBundle.AsSpan().SequenceEqual(t.ClaimBundle) && other.ChallengeBundle.AsSpan().SequenceEqual(t.ChallengeBundle);
            Assert.True(!consistency || sameSigned, "a changed transcript replays consistently with changed signed content");
        }
    }

    private static (bool Ran, bool Consistent) TryReplay(DisputeTranscript t, DisputeModel model)
    {
        try
        {
            return (true, t.Replay(model.Skeleton).Consistency.IsValid);
        }
        catch (ProvenantException)
        {
            return (false, false);
        }
    }
}
