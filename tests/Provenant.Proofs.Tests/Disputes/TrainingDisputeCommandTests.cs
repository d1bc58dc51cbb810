using Provenant.Cli;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;
using Provenant.TestSupport;
using Provenant.Training.Checkpoints;
using Provenant.Training.Disputes;
using Provenant.Training.Log;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// <c>provenant claim-training</c> and <c>provenant dispute training</c> on real logged training runs (digits MLP, the
/// first 320 records, batches of 32, a checkpoint every 2 steps): an honest log against a copy whose checkpoint after
/// some step was moved by one ulp and re-logged (a forger controls every byte of its own log).
/// </summary>
public sealed class TrainingDisputeCommandTests : IDisposable
{
    private readonly TempDir _tmp = SharedData.NewTempDir();

    public void Dispose() => _tmp.Dispose();

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e, interactive: false);
        return (code, o.ToString(), e.ToString());
    }

    private string Train(string name)
    {
        var config = _tmp.Write("train.json", $$"""
            {
              "dataset": { "train": "{{SharedData.Get("datasets", "sklearn", "digits.csv.gz")}}", "testFraction": 0.2, "trainLimit": 320 },
              "input": { "shape": [64], "scale": 0.0625 },
              "layers": [ { "type": "dense", "units": 16 }, { "type": "relu" }, { "type": "dense", "units": 10 } ],
              "classes": 10,
              "optimizer": { "type": "adam", "learningRate": 0.01 },
              "batchSize": 32, "epochs": 1, "seed": 5
            }
            """);
        var t = Cli("train", "--config", config, "--log", _tmp[name], "--checkpoint-every", "2", "--nonce", "0a");
        Assert.True(t.Code == 0, t.Err);
        return _tmp[name];
    }

    /// <summary>Copies the log in <paramref name="from"/> and moves one weight of the checkpoint after <paramref name="step"/> steps by one ulp, re-logging its hash.</summary>
    private string Forge(string from, string name, long step)
    {
        var to = _tmp[name];
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        var log = TrainingLog.Read(to);
        var c = Checkpoint.Read(log.CheckpointPath(step));
        var p = (float[])c.Parameters.Clone();
        p[7] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p[7]) + 1);
        var forged = new Checkpoint(c.Step, c.ArchitectureDigest, c.ConfigDigest, p, c.OptimizerKind, c.Scalars, c.State);
        forged.Write(log.CheckpointPath(step));
        var steps = log.Steps.ToList();
        var genesis = log.Genesis;
        if (step == 0) genesis = genesis with { Initial = genesis.Initial with { StateHash = forged.Hash() } };
        else steps[(int)step - 1] = steps[(int)step - 1] with { Checkpoint = steps[(int)step - 1].Checkpoint! with { StateHash = forged.Hash() } };
        TrainingLog.Write(to, genesis, steps);
        return to;
    }

    private string Claim(string log, string key, string name, params string[] extra)
    {
        var c = Cli(["claim-training", "--log", log, "--dataset", Path.Combine(log, "dataset.json"), "--key", _tmp[key + ".pem"], "--out", _tmp[name], .. extra]);
        Assert.True(c.Code == 0, c.Err);
        return _tmp[name];
    }

    private (int Code, string Out, string Err) Dispute(string claim, string claimLog, string claimKey, string challenge, string challengeLog, string challengeKey,
        params string[] extra) =>
        Cli(["dispute", "training", "--claim", claim, "--challenge", challenge, "--claim-log", claimLog, "--challenge-log", challengeLog,
            "--dataset", Path.Combine(claimLog, "dataset.json"), "--claim-key", _tmp[claimKey + ".pem"], "--challenge-key", _tmp[challengeKey + ".pem"], .. extra]);

    [Fact]
    public void Dispute_training_writes_a_transcript_that_verify_transcript_re_decides_and_a_changed_byte_is_rejected()
    {
        foreach (var k in new[] { "a", "b" }) Assert.Equal(0, Cli("keygen", "--out", _tmp[k + ".pem"]).Code);
        var honest = Train("honest");
        var a = Claim(honest, "a", "a.json", "--steps", "4");
        var forged = Forge(honest, "forged", 2);
        var b = Claim(forged, "b", "b.json", "--steps", "4");
        var played = Dispute(b, forged, "b", a, honest, "a", "--transcript", _tmp["t.json"]);
        Assert.True(played.Code == 1, played.Out + played.Err);
        Assert.Contains("disputed step: 2; operator 0 of", played.Out);
        var dataset = Path.Combine(honest, "dataset.json");

        var verified = Cli("dispute", "verify-transcript", _tmp["t.json"], "--log", honest, "--dataset", dataset);
        Assert.True(verified.Code == 1, verified.Out + verified.Err); // verified, and the claim is refuted
        Assert.Contains("transcript verified: the recorded ruling is the referee's", verified.Out);
        Assert.Contains("disputed step: 2; operator 0 of", verified.Out);
        Assert.Contains("ruling: challenger wins", verified.Out);

        // Needs the run, not a model (and a training transcript is not replayed as an inference one).
        var noRun = Cli("dispute", "verify-transcript", _tmp["t.json"], "--model", dataset);
        Assert.Equal(2, noRun.Code);
        Assert.Contains("give --log DIR and --dataset D", noRun.Err);

        // One changed character in the claimant's first signed move: it no longer authenticates, the claimant loses
        // there, and the recorded ruling is not the referee's.
        var text = File.ReadAllText(_tmp["t.json"]);
        var at = text.IndexOf("\"payload\":\"", text.IndexOf("\"messages\":[", StringComparison.Ordinal), StringComparison.Ordinal) + 30;
        File.WriteAllText(_tmp["t2.json"], text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);
        var changed = Cli("dispute", "verify-transcript", _tmp["t2.json"], "--log", honest, "--dataset", dataset);
        Assert.Equal(1, changed.Code);
        Assert.Contains("transcript INCONSISTENT", changed.Err);
        // The recorded ruling edited.
        File.WriteAllText(_tmp["t3.json"], text.Replace("\"disputedStep\":2", "\"disputedStep\":1"));
        var edited = Cli("dispute", "verify-transcript", _tmp["t3.json"], "--log", honest, "--dataset", dataset);
        Assert.Equal(1, edited.Code);
        Assert.Contains("disputed step 1, the referee finds 2", edited.Err);
    }

    [Fact]
    public void A_forged_checkpoint_loses_at_its_step_whichever_side_holds_it_and_honest_logs_agree()
    {
        foreach (var k in new[] { "a", "b" }) Assert.Equal(0, Cli("keygen", "--out", _tmp[k + ".pem"]).Code);
        var honest = Train("honest");
        var log = TrainingLog.Read(honest);
        Assert.True(log.Steps.Count >= 6, $"{log.Steps.Count} steps");
        var a = Claim(honest, "a", "a.json");
        Assert.Equal(0, Cli("verify-statement", a, "--public-key", _tmp["a.pub.pem"]).Code);
        var statement = TrainingClaim.Parse(SigstoreBundle.Parse(File.ReadAllBytes(a), "a.json").Envelope!.Payload);
        Assert.Equal(log.Root, statement.LogRoot);
        Assert.Equal(log.Genesis.Commitment, statement.Commitment);
        Assert.Equal(log.Steps.Count, statement.Steps);

        // Another honest party with its own copy of the same run agrees.
        var again = Claim(Train("honest2"), "b", "again.json");
        var agree = Dispute(a, honest, "a", again, _tmp["honest2"], "b");
        Assert.True(agree.Code == 0, agree.Out + agree.Err);
        Assert.Contains("ruling: no dispute: both claims commit to the same run root", agree.Out);

        var last = log.Checkpoints[^2].Step; // the last checkpoint that a later step starts from
        foreach (var step in new[] { 0L, 2L, last })
        {
            var forged = Forge(honest, $"forged{step}", step);
            var b = Claim(forged, "b", $"b{step}.json");

            var refuted = Dispute(b, forged, "b", a, honest, "a");
            Assert.True(refuted.Code == 1, refuted.Out + refuted.Err);
            Assert.Contains($"disputed step: {step}; operator 0 of", refuted.Out);
            Assert.Contains("ruling: challenger wins", refuted.Out);

            var upheld = Dispute(a, honest, "a", b, forged, "b");
            Assert.True(upheld.Code == 0, upheld.Out + upheld.Err);
            Assert.Contains($"disputed step: {step}; operator 0 of", upheld.Out);
            Assert.Contains("ruling: claimant wins", upheld.Out);
        }
    }

    [Fact]
    public void A_claim_that_is_not_its_log_or_not_its_signer_is_refused()
    {
        foreach (var k in new[] { "a", "b" }) Assert.Equal(0, Cli("keygen", "--out", _tmp[k + ".pem"]).Code);
        var honest = Train("honest");
        var a = Claim(honest, "a", "a.json", "--steps", "4");
        var forged = Forge(honest, "forged", 2);
        var b = Claim(forged, "b", "b.json", "--steps", "4");

        // The claimant's log is not the log its claim names: an input error, no ruling.
        var wrongLog = Dispute(a, forged, "a", b, forged, "b");
        Assert.Equal(3, wrongLog.Code);
        Assert.Contains("log's root is not the one the claimant's claim names", wrongLog.Err);

        // A claim signed by another key than the claimant's loses before any move.
        var wrongKey = Dispute(a, honest, "b", b, forged, "a");
        Assert.Equal(1, wrongKey.Code);
        Assert.Contains("the claim does not verify", wrongKey.Out);

        // Claims over different step counts are not comparable.
        var longer = Claim(forged, "b", "b6.json", "--steps", "6");
        Assert.Equal(2, Dispute(a, honest, "a", longer, forged, "b").Code);
        Assert.Equal(2, Cli("claim-training", "--log", honest, "--dataset", Path.Combine(honest, "dataset.json"), "--key", _tmp["a.pem"], "--out", _tmp["x.json"], "--steps", "100000").Code);
    }
}
