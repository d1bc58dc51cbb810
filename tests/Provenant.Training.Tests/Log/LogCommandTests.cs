using System.Text.Json.Nodes;
using Provenant.Cli;
using Provenant.Training.Audit;
using Provenant.Training.Log;
using Provenant.TestSupport;
using static Provenant.Training.Tests.CliRunner;

namespace Provenant.Training.Tests.Log;

public class LogCommandTests
{
    [Fact]
    public void TrainWithLogThenAuditSignAndVerifyTheProvenance()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(1));
        Assert.Equal(0, Run("commit-dataset", TestConfigs.Digits, "--out", tmp["digits.json"]).Code);
        var t = Run("train", "--config", config, "--log", tmp["log"], "--checkpoint-every", "3", "--nonce", "c0ffee", "--dataset", tmp["digits.json"], "--out", tmp["m.onnx"]);
        Assert.True(t.Code == 0, t.Err);
        var log = TrainingLog.Read(tmp["log"]);
        Assert.Contains($"root {log.RootHex}", t.Out);
        Assert.Contains($"tensor root {log.Checkpoints[^1].WeightsRootHex}", t.Out);

        var a = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["digits.json"], "--model", tmp["m.onnx"], "--sample-fraction", "0.1", "--top-q", "1", "--max-flops", "1e25");
        Assert.True(a.Code == 0, a.Out + a.Err);
        Assert.Contains("verdict: PASS", a.Out);
        Assert.Contains("escape probability if 10 % of segments were forged", a.Out);
        var tight = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["digits.json"], "--model", tmp["m.onnx"], "--max-flops", "1e6");
        Assert.Equal(1, tight.Code);
        Assert.Contains("FAIL compute", tight.Err);

        var statement = JsonNode.Parse(File.ReadAllText(tmp["log/provenance.json"]))!;
        Assert.Equal("https://slsa.dev/provenance/v1", (string)statement["predicateType"]!);
        var p = statement["predicate"]!;
        Assert.Equal("https://provenant.dev/training/v1", (string)p["buildDefinition"]!["buildType"]!);
        Assert.Equal(32, (int)p["buildDefinition"]!["externalParameters"]!["config"]!["batchSize"]!);
        Assert.Equal("c0ffee", (string)p["buildDefinition"]!["externalParameters"]!["nonce"]!);
        var deps = p["buildDefinition"]!["resolvedDependencies"]!.AsArray();
        Assert.Equal(log.Genesis.DatasetRoot, Convert.FromHexString((string)deps[0]!["digest"]!["sha256"]!));
        Assert.Equal(log.Genesis.Initial.StateHashHex, (string)deps[1]!["digest"]!["sha256"]!);
        Assert.StartsWith("code:", (string)deps[2]!["name"]!);
        var by = p["runDetails"]!["byproducts"]!.AsArray();
        Assert.Equal(log.RootHex, (string)by[0]!["digest"]!["sha256"]!);
        Assert.Equal(log.LoggedFlops, (long)by[1]!["annotations"]!["totalFlops"]!);
        Assert.Equal("m.onnx", (string)statement["subject"]![0]!["name"]!);

        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).Code);
        var s = Run("sign-statement", tmp["log/provenance.json"], "--private-key", tmp["key.pem"], "--out", tmp["prov.sig"]);
        Assert.True(s.Code == 0, s.Err);
        var v = Run("verify-statement", tmp["prov.sig"], "--public-key", tmp["key.pub.pem"], "--statement", tmp["log/provenance.json"]);
        Assert.True(v.Code == 0, v.Err);
    }

    [Fact]
    public void AuditWithAMismatchingModelOrDatasetFailsWithExitCode1()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(1));
        Assert.Equal(0, Run("train", "--config", config, "--log", tmp["log"], "--checkpoint-every", "5", "--out", tmp["m.onnx"]).Code);
        Assert.Equal(0, Run("train", "--config", config, "--out", tmp["plain.onnx"]).Code);
        var a = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["log/dataset.json"], "--model", tmp["plain.onnx"]);
        Assert.Equal(1, a.Code);
        Assert.Contains("FAIL final model", a.Err);
        Assert.Contains("plain.onnx", a.Err);
        Assert.Contains("verdict: FAIL", a.Out);

        var iris = SharedData.Get("datasets", "sklearn", "iris.csv");
        Assert.Equal(0, Run("commit-dataset", iris, "--header-rows", "1", "--out", tmp["iris.json"]).Code);
        var b = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["iris.json"], "--model", tmp["m.onnx"]);
        Assert.Equal(1, b.Code);
        Assert.Contains("FAIL commitment", b.Err);
    }

    [Fact]
    public void FashionMnistIdxRunIsAuditedAgainstTheFolderCommitment()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("cnn.json", TestConfigs.FashionCnnJson(96));
        var t = Run("train", "--config", config, "--log", tmp["log"], "--checkpoint-every", "2", "--out", tmp["f.onnx"]);
        Assert.True(t.Code == 0, t.Err);
        Assert.Contains("70000 records", t.Out);
        Assert.Equal(0, Run("commit-dataset", "/usr/share/datasets/fashion-mnist", "--out", tmp["fashion.json"]).Code);
        var a = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["fashion.json"], "--model", tmp["f.onnx"], "--sample-fraction", "0.5", "--top-q", "0");
        Assert.True(a.Code == 0, a.Out + a.Err);
        Assert.Contains("re-executed 2 of 4 steps", a.Out);
        // the folder commitment holds the train pair first, so it is accepted as --dataset; digits' is not
        Assert.Equal(0, Run("train", "--config", config, "--log", tmp["log2"], "--dataset", tmp["fashion.json"]).Code);
        Assert.Equal(0, Run("commit-dataset", TestConfigs.Digits, "--out", tmp["digits.json"]).Code);
        Assert.Equal(1, Run("train", "--config", config, "--log", tmp["log3"], "--dataset", tmp["digits.json"]).Code);
    }

    [Fact]
    public void AutoIntervalAndDetectionTargetedAuditPrintFractionEscapeAndPhases()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(1));
        Assert.Equal(0, Run("commit-dataset", TestConfigs.Digits, "--out", tmp["digits.json"]).Code);
        var t = Run("train", "--config", config, "--log", tmp["log"], "--checkpoint-every", "auto", "--dataset", tmp["digits.json"], "--out", tmp["m.onnx"]);
        Assert.True(t.Code == 0, t.Err);
        var log = TrainingLog.Read(tmp["log"]);
        Assert.Equal(CheckpointInterval.For(log.Steps.Count), log.Genesis.CheckpointInterval);
        Assert.Contains("audit: catching 10 % forged segments with probability 0.99 re-executes about", t.Out);

        var a = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["digits.json"], "--model", tmp["m.onnx"], "--detection", "0.99", "--top-q", "0");
        Assert.True(a.Code == 0, a.Out + a.Err);
        var n = EscapeProbability.SampleSizeFor(log.SegmentCount, EscapeProbability.ForgedCount(0.1, log.SegmentCount), 0.01);
        Assert.Equal(n, a.Out.Split('\n').Count(l => l.StartsWith("ok   segment ", StringComparison.Ordinal)));
        Assert.Matches(@"escape probability if 10 % of segments were forged: [0-9.]+E-00[3-9]", a.Out);
        Assert.Contains("ok   inclusion: ", a.Out);
        Assert.Contains("recomputed from the data", a.Out);
        Assert.Matches(@"phases \(wall s / CPU s\): dataset [0-9.]+/[0-9.]+, log .*re-execution .*final model [0-9.]+/[0-9.]+; total", a.Out);
        var p = Run("audit-training", "--log", tmp["log"], "--dataset", tmp["digits.json"], "--model", tmp["m.onnx"], "--sample-fraction", "0.01", "--inclusion-proofs");
        Assert.True(p.Code == 0, p.Out + p.Err);
        Assert.Contains("each with an RFC 9162 inclusion proof", p.Out);
        Assert.Equal(2, Run("audit-training", "--log", tmp["log"], "--dataset", tmp["digits.json"], "--model", tmp["m.onnx"], "--detection", "1").Code);
    }

    [Fact]
    public void LogOptionsAreCheckedAsUsage()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(1));
        Assert.Equal(2, Run("train", "--config", config, "--log", tmp["log"], "--steps", "3").Code);
        Assert.Equal(2, Run("train", "--config", config, "--log", tmp["log"], "--nonce", "xyz").Code);
        Assert.Equal(2, Run("train", "--config", config, "--log", tmp["log"], "--checkpoint-every", "0").Code);
        Assert.Equal(2, Run("train", "--config", config, "--log", tmp["log"], "--checkpoint-every", "often").Code);
        Assert.Equal(2, Run("train", "--config", config, "--nonce", "00").Code);
    }

    [Fact]
    public void ExclusionProofsThroughTheCli()
    {
        using var tmp = SharedData.NewTempDir();
        var iris = SharedData.Get("datasets", "sklearn", "iris.csv");
        Assert.Equal(0, Run("commit-dataset", iris, "--header-rows", "1", "--out", tmp["iris.json"]).Code);
        var absent = Enumerable.Range(0, 3).Select(i => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))).ToList();
        tmp.Write("block.txt", "# blocked items\n" + string.Join("\n", absent) + "\n");
        var p = Run("prove-exclusion", tmp["iris.json"], "--blocklist", tmp["block.txt"], "--out", tmp["proof.json"]);
        Assert.True(p.Code == 0, p.Err);
        var v = Run("verify-exclusion", tmp["proof.json"], "--dataset", tmp["iris.json"], "--blocklist", tmp["block.txt"]);
        Assert.True(v.Code == 0, v.Err);
        Assert.Contains("exact-hash exclusion", v.Out);

        // the first record's canonical bytes: "5.1,3.5,1.4,0.2,0"
        var present = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("5.1,3.5,1.4,0.2,0"u8));
        tmp.Write("hit.txt", present + "  iris-row-0\n");
        var hit = Run("prove-exclusion", tmp["iris.json"], "--blocklist", tmp["hit.txt"], "--out", tmp["hit.json"]);
        Assert.Equal(1, hit.Code);
        Assert.Contains(present, hit.Err);
        var uncovered = Run("verify-exclusion", tmp["proof.json"], "--dataset", tmp["iris.json"], "--blocklist", tmp["hit.txt"]);
        Assert.Equal(1, uncovered.Code);

        tmp.Write("bad.txt", "not-a-hash\n");
        var bad = Run("prove-exclusion", tmp["iris.json"], "--blocklist", tmp["bad.txt"], "--out", tmp["x.json"]);
        Assert.Equal(3, bad.Code);
        Assert.Contains("bad.txt", bad.Err);

        var old = JsonNode.Parse(File.ReadAllText(tmp["iris.json"]))!.AsObject();
        old["predicate"]!.AsObject().Remove("exclusionIndex");
        tmp.Write("old.json", old.ToJsonString());
        var refused = Run("verify-exclusion", tmp["proof.json"], "--dataset", tmp["old.json"]);
        Assert.Equal(1, refused.Code);
        Assert.Contains("no predicate.exclusionIndex", refused.Err);
        Assert.Equal(1, Run("prove-exclusion", tmp["old.json"], "--blocklist", tmp["block.txt"], "--out", tmp["y.json"]).Code);
    }
}
