using System.Security.Cryptography;
using System.Text;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;
using static Provenant.Proofs.Tests.Disputes.SegmentFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// Hash-chained moves (<see cref="DisputeMessage.ChainedType"/>): each carries the hash of the previous move, so the
/// referee verifies each party's last signature at the ruling instead of one per move, and rules as before on every
/// broken link, badly signed move and version-1 move.
/// </summary>
public sealed class ChainedMessageTests
{
    [Fact]
    public void An_honest_game_is_chained_and_needs_two_signature_checks_however_long()
    {
        foreach (var model in new[] { DigitsMlp, SkipMlp })
        {
            var inputs = RandomInputs(model.Graph, new Random(1200));
            var n = model.Graph.Nodes.Count;
            var g = Inference.Tracing.TraceSegments.DefaultSegmentBits(n);
            var honest = model.ClaimSegmented(inputs, g);
            // The first node whose fault reaches an export (a masked fault is no dispute).
            var (t, referee) = Enumerable.Range(0, n).Select(node => PlaySegmented(model, inputs, Faulty(model, inputs, g, node, 5), honest))
                .First(p => p.Referee.Ruling!.Outcome != DisputeOutcome.ClaimsAgree);
            Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
            Assert.True(t.Messages.Count >= 3);
            Assert.Equal(2, referee.SignaturesVerified);
            var link = DisputeMessage.LinkAfter(DisputeSetup.Create(t.ClaimBundle, ClaimantKey, t.ChallengeBundle, ChallengerKey).DisputeId);
            foreach (var wire in t.Messages)
            {
                var m = DisputeMessage.Parse(SignedDisputeMessage.Parse(wire, "m").Payload, "m");
                Assert.Equal(link, m.Previous);
                link = DisputeMessage.LinkAfter(wire);
            }
            var (replayed, consistency) = t.Replay(model.Skeleton);
            Assert.True(consistency.IsValid, consistency.Reason);
            Assert.Equal(2, replayed.SignaturesVerified);
        }
    }

    [Fact]
    public void A_move_that_does_not_chain_onto_the_transcript_loses_for_its_sender_even_with_a_right_trace()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(1201));
        var honest = model.Claim(inputs);
        var wrong = From(model, CorruptLeaf(model, honest.Trace, 3, new Random(6)));
        foreach (var at in new[] { 0, 2 })
        {
            // The honest claimant breaks the link of its move `at`; the challenger's trace is wrong.
            var (_, referee) = Play(model, inputs, honest, wrong, claimant: s => new ForgingParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, honest.Trace, inputs,
                (e, m) => e.Sequence == at ? m with { Previous = RandomNumberGenerator.GetBytes(32) } : m));
            var r = referee.Ruling!;
            Assert.Equal(DisputeOutcome.ChallengerWins, r.Outcome);
            Assert.Contains("does not chain onto the transcript", r.Reason);
        }
    }

    [Fact]
    public void Version_1_moves_are_still_accepted_and_each_verified_on_receipt()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(1202));
        var honest = model.Claim(inputs);
        var wrong = From(model, CorruptLeaf(model, honest.Trace, 4, new Random(7)));
        var (t, referee) = Play(model, inputs, honest, wrong,
            claimant: s => new ForgingParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, honest.Trace, inputs, (_, m) => m with { Previous = null }),
            challenger: s => new ForgingParty(DisputeRole.Challenger, ChallengerKey, s.DisputeId, model, wrong.Trace, inputs, (_, m) => m with { Previous = null }));
        Assert.Equal(DisputeOutcome.ClaimantWins, referee.Ruling!.Outcome);
        Assert.Equal(t.Messages.Count, referee.SignaturesVerified);
        Assert.All(t.Messages, w => Assert.StartsWith("{\"_type\":\"" + DisputeMessage.Type + "\"", Encoding.UTF8.GetString(SignedDisputeMessage.Parse(w, "m").Payload)));
    }

    [Fact]
    public void A_badly_signed_move_loses_for_its_sender_unless_its_own_later_move_covers_it()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(1203));
        var honest = model.Claim(inputs);
        var wrong = From(model, CorruptLeaf(model, honest.Trace, 5, new Random(8)));
        var t = Play(model, inputs, honest, wrong).Transcript;
        Assert.Equal(DisputeOutcome.ClaimantWins, t.Ruling.Outcome);
        var senders = t.Messages.Select(w => DisputeMessage.Parse(SignedDisputeMessage.Parse(w, "m").Payload, "m").From).ToArray();
        for (var i = 0; i < t.Messages.Count; i++)
        {
            // Another valid signature by the same key over a different payload: the envelope parses and names the right
            // key, only the signature does not match this payload.
            var original = SignedDisputeMessage.Parse(t.Messages[i], "m");
            var key = senders[i] == DisputeRole.Claimant ? ClaimantKey : ChallengerKey;
            var other = SignedDisputeMessage.Sign(DisputeMessage.Parse(original.Payload, "m") with { Sequence = 999 }, key);
            var messages = t.Messages.ToArray();
            messages[i] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(t.Messages[i]).Replace(Convert.ToBase64String(original.Signature), Convert.ToBase64String(other.Signature)));
            var loser = senders[i] == DisputeRole.Claimant ? DisputeOutcome.ChallengerWins : DisputeOutcome.ClaimantWins;

            // As recorded: the next move links to the original bytes, so the chain breaks there and the bad signature is found.
            var (referee, _) = (t with { Messages = messages }).Replay(model.Skeleton);
            Assert.Equal(loser, referee.Ruling!.Outcome);
            Assert.Contains($"(message {i}) is not validly signed", referee.Ruling.Reason);

            // Re-linked: every later move is signed over a chain holding the changed bytes. A later move of the same
            // sender then covers move i (its signature vouches for the whole chain before it) and the ruling stands;
            // if move i was its sender's last, its signature is checked at the ruling and its sender loses.
            var (relinked, _) = (t with { Messages = Relink(messages, i) }).Replay(model.Skeleton);
            var coveredLater = senders.Skip(i + 1).Contains(senders[i]);
            Assert.Equal(coveredLater ? t.Ruling.Outcome : loser, relinked.Ruling!.Outcome);
        }
    }

    // Re-signs every move after `from` with its sender's key and the link to the (changed) previous move, as parties
    // that sign whatever chain the referee recorded would.
    private static byte[][] Relink(byte[][] messages, int from)
    {
        var result = messages.ToArray();
        for (var i = from + 1; i < result.Length; i++)
        {
            var m = DisputeMessage.Parse(SignedDisputeMessage.Parse(result[i], "m").Payload, "m") with { Previous = DisputeMessage.LinkAfter(result[i - 1]) };
            result[i] = SignedDisputeMessage.Sign(m, m.From == DisputeRole.Claimant ? ClaimantKey : ChallengerKey).Bytes;
        }
        return result;
    }
}
