using System.Text;
using Provenant.Proofs.Disputes;
using Provenant.Training;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Disputes;
using Provenant.TestSupport;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>Training disputes on the shipped digits MLP configuration (one epoch of batches of 32; 12 steps claimed).</summary>
public sealed class TrainingDisputeTests
{
    private const int Steps = 12;
    private static readonly Lazy<(TrainingConfig Config, TrainingData Data, StepTracer Tracer, TrainingTrace Honest)> Run = new(() =>
    {
        var dir = Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp");
        var json = File.ReadAllText(Path.Combine(dir, "train.json")).Replace("\"epochs\": 30", "\"epochs\": 1");
        var config = TrainingConfigParser.Parse(Encoding.UTF8.GetBytes(json), "train.json", dir);
        var data = TrainingData.Load(config);
        var tracer = new StepTracer(config, data);
        return (config, data, tracer, TrainingTrace.Record(tracer, Steps));
    });

    /// <summary>A claim about the run without a log (the game's mechanics do not read the log): the run is named by its configuration alone.</summary>
    internal static TrainingClaim ClaimOf(TrainingTrace trace, TrainingConfig config) =>
        trace.Claim(System.Security.Cryptography.SHA256.HashData(config.Digest), config.Digest, config.Digest);

    private static (DisputeRuling Ruling, TrainingReferee Referee) Play(TrainingTrace claimant, TrainingTrace challenger,
        Func<DisputeExpectation, DisputeMessage, DisputeMessage>? forge = null)
    {
        var (config, _, tracer, _) = Run.Value;
        var a = ClaimOf(claimant, config);
        var b = ClaimOf(challenger, config);
        var referee = new TrainingReferee(a, ClaimantKey, b, ChallengerKey, tracer, config.Digest);
        TrainingParty c = forge is null
            ? new TrainingParty(DisputeRole.Claimant, ClaimantKey, referee.DisputeId, claimant, tracer)
            : new ForgingTrainingParty(ClaimantKey, referee.DisputeId, claimant, tracer, forge);
        DisputeGame.PlayMoves(referee, c, new TrainingParty(DisputeRole.Challenger, ChallengerKey, referee.DisputeId, challenger, tracer), TimeSpan.FromSeconds(30));
        return (referee.Ruling!, referee);
    }

    private static TrainingTrace Faulty(long step, int op, int element) =>
        TrainingTrace.Record(Run.Value.Tracer, Steps, (s, o, v) =>
        {
            if (s == step && o == op && v.Length > 0) v[element % v.Length] += 0.25f;
        });

    [Fact]
    public void A_training_claim_statement_round_trips_only_canonically_and_a_bad_signature_loses_before_any_move()
    {
        var (config, _, tracer, honest) = Run.Value;
        var claim = ClaimOf(honest, config);
        var bytes = claim.ToStatementBytes();
        Assert.Equal(bytes, TrainingClaim.Parse(bytes).ToStatementBytes());
        Assert.Equal(Steps, TrainingClaim.Parse(bytes).Steps);
        var spaced = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(",", ", "));
        Assert.Throws<Core.Errors.ProvenantFormatException>(() => TrainingClaim.Parse(spaced));
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            try
            {
                Assert.Equal(changed, TrainingClaim.Parse(changed).ToStatementBytes());
            }
            catch (Core.Errors.ProvenantFormatException)
            {
            }
        }
        var a = new Signing.Sigstore.BundleSigner(ClaimantKey).Sign(ClaimOf(Faulty(3, 2, 1), config).ToStatementBytes()).ToJsonBytes();
        var b = new Signing.Sigstore.BundleSigner(ChallengerKey).Sign(bytes).ToJsonBytes();
        var played = TrainingReferee.FromSigned(a, ClaimantKey, b, ChallengerKey, tracer, config.Digest);
        DisputeGame.PlayMoves(played, new TrainingParty(DisputeRole.Claimant, ClaimantKey, played.DisputeId, Faulty(3, 2, 1), tracer),
            new TrainingParty(DisputeRole.Challenger, ChallengerKey, played.DisputeId, honest, tracer), TimeSpan.FromSeconds(30));
        Assert.Equal(DisputeOutcome.ChallengerWins, played.Ruling!.Outcome);
        Assert.Equal(3, played.DisputedStep);
        var swapped = TrainingReferee.FromSigned(a, ChallengerKey, b, ChallengerKey, tracer, config.Digest);
        Assert.Equal(DisputeOutcome.ChallengerWins, swapped.Ruling!.Outcome);
        Assert.Contains("the claim does not verify", swapped.Ruling.Reason);
        Assert.Null(swapped.Expected);
    }

    [Fact]
    public void The_step_tracer_reproduces_the_trainer_bit_for_bit()
    {
        var (config, data, _, honest) = Run.Value;
        var trainer = new Trainer(config, data);
        trainer.RunUntil(Steps);
        Assert.Equal(trainer.Checkpoint().ToBytes(), honest.Steps[^1][^1].Outputs[0]);
    }

    [Fact]
    public void Honest_parties_agree()
    {
        var (_, _, tracer, honest) = Run.Value;
        Assert.Equal(DisputeOutcome.ClaimsAgree, Play(honest, TrainingTrace.Record(tracer, Steps)).Ruling.Outcome);
    }

    [Fact]
    public void A_claimant_with_a_wrong_operator_loses_at_that_step_and_operator_and_an_honest_one_wins()
    {
        var (_, _, tracer, honest) = Run.Value;
        var m = tracer.OperatorCount;
        var rng = new Random(1300);
        var trials = 0;
        foreach (var (step, op) in new[] { (0L, 0), (0L, 1), (Steps - 1L, m - 1), (5L, m / 2) }.Concat(Enumerable.Range(0, 12).Select(_ => ((long)rng.Next(Steps), rng.Next(m)))))
        {
            var wrong = Faulty(step, op, rng.Next());
            if (wrong.RunRoot.AsSpan().SequenceEqual(honest.RunRoot)) continue; // an operator without outputs to change
            trials++;
            var (r, referee) = Play(wrong, honest);
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"step {step} op {op}: {r}");
            Assert.Equal(step, referee.DisputedStep);
            Assert.Equal(op, r.DisputedNode);
            Assert.InRange(r.BisectionRounds, 1, CeilLog2(Steps) + CeilLog2(m));
            var (r2, referee2) = Play(honest, wrong);
            Assert.True(r2.Outcome == DisputeOutcome.ClaimantWins, $"step {step} op {op}: {r2}");
            Assert.Equal(step, referee2.DisputedStep);
        }
        Assert.True(trials >= 10);
    }

    [Fact]
    public void Forged_openings_lose_even_for_a_claimant_whose_run_is_right()
    {
        var (_, _, tracer, honest) = Run.Value;
        var m = tracer.OperatorCount;
        foreach (var op in new[] { 1, 2, m / 2, m - 1 })
        {
            var wrong = Faulty(3, op, 1);
            if (wrong.RunRoot.AsSpan().SequenceEqual(honest.RunRoot)) continue;
            var (r, _) = Play(honest, wrong, (e, msg) =>
            {
                if (msg.Kind != DisputeMessage.Node || msg.Body["inputs"] is not System.Text.Json.Nodes.JsonArray { Count: > 0 } inputs) return msg;
                var body = (System.Text.Json.Nodes.JsonObject)msg.Body.DeepClone();
                var first = (System.Text.Json.Nodes.JsonObject)((System.Text.Json.Nodes.JsonArray)body["inputs"]!)[0]!;
                var data = Convert.FromBase64String((string)first["data"]!);
                data[^1] ^= 1;
                first["data"] = Convert.ToBase64String(data);
                return msg with { Body = body };
            });
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"op {op}: {r}");
            Assert.Contains("inconsistent opening", r.Reason);
        }
    }

    [Fact]
    public void A_wrong_checkpoint_between_steps_is_caught_at_the_checkpoint_operator()
    {
        var (_, _, _, honest) = Run.Value;
        for (var step = 0L; step < Steps; step += 4)
        {
            var wrong = Faulty(step, 0, 7);
            var (r, referee) = Play(wrong, honest);
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, r.ToString());
            Assert.Equal(step, referee.DisputedStep);
            Assert.Equal(0, r.DisputedNode);
            Assert.Equal(DisputeOutcome.ClaimantWins, Play(honest, wrong).Ruling.Outcome);
        }
    }

    [Fact]
    public void A_changed_byte_in_any_training_move_makes_its_sender_lose()
    {
        var (config, _, tracer, honest) = Run.Value;
        var wrong = Faulty(6, 3, 2);
        var a = ClaimOf(wrong, config);
        var b = ClaimOf(honest, config);
        TrainingReferee NewReferee() => new(a, ClaimantKey, b, ChallengerKey, tracer, config.Digest);
        var first = NewReferee();
        var moves = DisputeGame.PlayMoves(first, new TrainingParty(DisputeRole.Claimant, ClaimantKey, first.DisputeId, wrong, tracer),
            new TrainingParty(DisputeRole.Challenger, ChallengerKey, first.DisputeId, honest, tracer), TimeSpan.FromSeconds(30));
        Assert.Equal(DisputeOutcome.ChallengerWins, first.Ruling!.Outcome);
        var rng = new Random(1500);
        for (var trial = 0; trial < 60; trial++)
        {
            var m = rng.Next(moves.Count);
            var referee = NewReferee();
            for (var i = 0; i < moves.Count && referee.Expected is not null; i++)
            {
                var wire = moves[i];
                if (i == m)
                {
                    wire = (byte[])wire.Clone();
                    wire[rng.Next(wire.Length)] ^= (byte)(1 << rng.Next(8));
                }
                var sender = referee.Expected!.From;
                referee.Receive(wire);
                if (i == m)
                {
                    Assert.Equal(sender == DisputeRole.Claimant ? DisputeOutcome.ChallengerWins : DisputeOutcome.ClaimantWins, referee.Ruling?.Outcome);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// An honest claimant against a challenger whose run is wrong at step 5, operator 3: the written transcript parses
    /// back byte for byte, replays (signatures, bisection, the one operator re-executed) to the recorded ruling, is
    /// refused as an inference transcript; one changed byte in any signed message, in a claim or in the recorded ruling
    /// is rejected, and random single-byte changes never replay consistently with changed signed content.
    /// </summary>
    [Fact]
    public void A_training_transcript_replays_to_its_ruling_and_a_changed_byte_is_rejected()
    {
        var (config, _, tracer, honest) = Run.Value;
        var wrong = Faulty(5, 3, 2);
        var a = new Signing.Sigstore.BundleSigner(ClaimantKey).Sign(ClaimOf(honest, config).ToStatementBytes()).ToJsonBytes();
        var b = new Signing.Sigstore.BundleSigner(ChallengerKey).Sign(ClaimOf(wrong, config).ToStatementBytes()).ToJsonBytes();
        var referee = TrainingReferee.FromSigned(a, ClaimantKey, b, ChallengerKey, tracer, config.Digest);
        var moves = DisputeGame.PlayMoves(referee, new TrainingParty(DisputeRole.Claimant, ClaimantKey, referee.DisputeId, honest, tracer),
            new TrainingParty(DisputeRole.Challenger, ChallengerKey, referee.DisputeId, wrong, tracer), TimeSpan.FromSeconds(30));
        Assert.Equal((DisputeOutcome.ClaimantWins, 5L, 3), (referee.Ruling!.Outcome, referee.DisputedStep!.Value, referee.Ruling.DisputedNode!.Value));
        var t = TrainingTranscript.Record(a, ClaimantKey, b, ChallengerKey, moves, referee);
        var bytes = t.ToBytes();
        Assert.Contains("training-dispute-transcript/v1", Encoding.UTF8.GetString(bytes));
        var parsed = DisputeTranscript.Parse(bytes, "t.json");
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal((true, 5L), (parsed.IsTraining, parsed.DisputedStep!.Value));
        var (replayed, consistency) = TrainingTranscript.Replay(parsed, tracer, config.Digest);
        Assert.True(consistency.IsValid, consistency.Reason);
        Assert.Equal(referee.Ruling.BisectionRounds, replayed.Ruling!.BisectionRounds);
        Assert.Equal(DisputeOutcome.ClaimantWins, replayed.Ruling.Outcome);
        Assert.Throws<Core.Errors.ProvenantException>(() => parsed.Replay(DigitsMlp.Skeleton));

        // One changed character inside each signed message's payload: that move no longer authenticates, its sender
        // loses there, and the recorded ruling is no longer the referee's.
        for (var i = 0; i < t.Messages.Count; i++)
        {
            var text = Encoding.UTF8.GetString(t.Messages[i]);
            var at = text.IndexOf("\"payload\":\"", StringComparison.Ordinal) + 40;
            var changed = text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..];
            var messages = t.Messages.Select((m, j) => j == i ? Encoding.UTF8.GetBytes(changed) : m).ToList();
            Assert.False(ReplaysConsistently(t with { Messages = messages }, tracer, config.Digest), $"message {i} changed, yet the transcript replays to its ruling");
        }
        // A claim changed, and the recorded ruling edited.
        var claim = (byte[])a.Clone();
        claim[claim.Length / 2] ^= 0x01;
        Assert.False(ReplaysConsistently(t with { ClaimBundle = claim }, tracer, config.Digest));
        Assert.False(ReplaysConsistently(t with { DisputedStep = 4 }, tracer, config.Digest));
        Assert.False(ReplaysConsistently(t with { Ruling = t.Ruling with { DisputedNode = 2 } }, tracer, config.Digest));
        Assert.False(ReplaysConsistently(t with { Ruling = t.Ruling with { Outcome = DisputeOutcome.ChallengerWins } }, tracer, config.Digest));

        var rng = new Random(1005);
        for (var trial = 0; trial < 60; trial++)
        {
            var changed = (byte[])bytes.Clone();
            changed[rng.Next(changed.Length)] ^= (byte)(1 << rng.Next(8));
            DisputeTranscript other;
            try
            {
                other = DisputeTranscript.Parse(changed, "t.json");
            }
            catch (Core.Errors.ProvenantException)
            {
                continue;
            }
            var sameSigned = other.Messages.Count == t.Messages.Count && other.Messages.Zip(t.Messages).All(p => p.First.AsSpan().SequenceEqual(p.Second))
                && other.ClaimBundle.AsSpan().SequenceEqual(t.ClaimBundle) && other.ChallengeBundle.AsSpan().SequenceEqual(t.ChallengeBundle)
                && other.ClaimantKeyPem == t.ClaimantKeyPem && other.ChallengerKeyPem == t.ChallengerKeyPem;
            Assert.True(!ReplaysConsistently(other, tracer, config.Digest) || sameSigned, $"trial {trial}: a changed transcript replays consistently with changed signed content");
        }
    }

    private static bool ReplaysConsistently(DisputeTranscript t, StepTracer tracer, byte[] configDigest)
    {
        try
        {
            return TrainingTranscript.Replay(DisputeTranscript.Parse(t.ToBytes(), "t.json"), tracer, configDigest).Consistency.IsValid;
        }
        catch (Core.Errors.ProvenantException)
        {
            return false;
        }
    }

    private sealed class ForgingTrainingParty(System.Security.Cryptography.ECDsa key, byte[] id, TrainingTrace trace, StepTracer tracer,
        Func<DisputeExpectation, DisputeMessage, DisputeMessage> forge) : TrainingParty(DisputeRole.Claimant, key, id, trace, tracer)
    {
        public override DisputeMessage Compose(DisputeExpectation e) => forge(e, base.Compose(e));
    }
}
