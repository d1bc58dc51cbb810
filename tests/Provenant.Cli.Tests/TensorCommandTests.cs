using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.TestSupport;
using static Provenant.Cli.Tests.CliRunner;

namespace Provenant.Cli.Tests;

/// <summary>inspect, sign --tensor-root, prove-tensor and verify-tensor end to end on the shared safetensors files.</summary>
public class TensorCommandTests
{
    private static string Weights(params string[] parts) => SharedData.Get(["weights", .. parts]);

    private static string Mnist => Weights("safetensors", "burn-mnist.safetensors");

    [Fact]
    public void InspectPrintsTheTensorTable()
    {
        var r = Run("inspect", Mnist);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("safetensors, 1509296 bytes", r.Out);
        Assert.Contains("tensors (20, 1507768 data bytes):", r.Out);
        Assert.Matches(@"fc1\.weight\s+F32\s+\[32, 11616\]\s+20584\s+1486848", r.Out);
    }

    [Fact]
    public void InspectJsonListsMetadataAndTensors()
    {
        var r = Run("inspect", Weights("safetensors", "hf-samples", "overall.safetensors"), "--json");
        Assert.Equal(0, r.ExitCode);
        var j = JsonNode.Parse(r.Out)!;
        Assert.Equal("safetensors", (string?)j["format"]);
        Assert.Equal("a", (string?)j["metadata"]![0]!["value"]);
        Assert.Equal(9, j["tensors"]!.AsArray().Count);
        Assert.Equal("F64", (string?)j["tensors"]![4]!["dtype"]);
        Assert.Equal(48, (long?)j["tensors"]![4]!["bytes"]);
    }

    [Fact]
    public void InspectRejectsTheDamagedSharedGgufWithExitCode3()
    {
        var r = Run("inspect", Weights("gguf", "ggml-vocab-gpt-2.gguf"));
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("(offset 339): metadata[8].key length", r.Err);
    }

    [Fact]
    public void InspectRejectsAnUnrecognisedFile()
    {
        using var tmp = SharedData.NewTempDir();
        var r = Run("inspect", tmp.Write("notes.txt", "hello"));
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("gguf, safetensors", r.Err);
    }

    [Fact]
    public void InspectReadsAGgufFile()
    {
        using var tmp = SharedData.NewTempDir();
        // GGUF v3: header, one string pair, one F32 tensor [2] at offset 0, padding to 32, 8 data bytes.
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write("GGUF"u8.ToArray());
            w.Write(3u);
            w.Write(1UL);
            w.Write(1UL);
            w.Write((ulong)"general.architecture".Length);
            w.Write("general.architecture"u8.ToArray());
            w.Write(8u);
            w.Write(4UL);
            w.Write("test"u8.ToArray());
            w.Write(1UL);
            w.Write((byte)'w');
            w.Write(1u);
            w.Write(2UL);
            w.Write(0u);
            w.Write(0UL);
            w.Flush();
            while (ms.Length % 32 != 0) w.Write((byte)0);
            w.Write(1.5f);
            w.Write(-2f);
        }
        var path = tmp.Write("m.gguf", ms.ToArray());
        var r = Run("inspect", path);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("general.architecture (string) = \"test\"", r.Out);
        Assert.Matches(@"w\s+F32\s+\[2\]\s+128\s+8", r.Out); // header and infos end at 101, aligned to 128
    }

    [Fact]
    public void ProveThenVerifyAgainstARoot()
    {
        using var tmp = SharedData.NewTempDir();
        var proof = tmp["p.json"];
        var p = Run("prove-tensor", Mnist, "fc2.weight", "--out", proof);
        Assert.True(p.ExitCode == 0, p.All);
        const string root = "2e2835641ca1e07e65e09402854fcd652b17b8412636b35db9969f17f5028fe8";
        Assert.Contains(root, p.Out);
        var v = Run("verify-tensor", proof, "--root", root, "--count", "20", "--model", Mnist);
        Assert.True(v.ExitCode == 0, v.All);
        Assert.Contains("tensor \"fc2.weight\" (F32 [10, 32], 1280 bytes) is leaf", v.Out);

        var wrong = Run("verify-tensor", proof, "--root", root.Replace("2e28", "2e29"));
        Assert.Equal(ExitCodes.VerificationFailed, wrong.ExitCode);
        var count = Run("verify-tensor", proof, "--root", root, "--count", "21");
        Assert.Equal(ExitCodes.VerificationFailed, count.ExitCode);
    }

    [Fact]
    public void VerifyTensorChecksTheData()
    {
        using var tmp = SharedData.NewTempDir();
        var proof = tmp["p.json"];
        Assert.Equal(0, Run("prove-tensor", Mnist, "conv1.bias", "--out", proof).ExitCode);
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(proof)).RootElement.GetProperty("tensorRoot").GetString()!;
        var bytes = File.ReadAllBytes(Mnist);
        var good = tmp.Write("bias.bin", bytes[1544..1576]);
        Assert.Equal(0, Run("verify-tensor", proof, "--root", root, "--data", good).ExitCode);
        var changed = bytes[1544..1576];
        changed[31] ^= 0x80;
        var r = Run("verify-tensor", proof, "--root", root, "--data", tmp.Write("bad.bin", changed));
        Assert.Equal(ExitCodes.VerificationFailed, r.ExitCode);
        Assert.Contains("does not match the proof's sha256", r.Err);
    }

    [Fact]
    public void TamperedProofFileIsRefused()
    {
        using var tmp = SharedData.NewTempDir();
        var proof = tmp["p.json"];
        Assert.Equal(0, Run("prove-tensor", Mnist, "conv1.bias", "--out", proof).ExitCode);
        var text = File.ReadAllText(proof);
        File.WriteAllText(proof, text.Replace("\"shape\":[8]", "\"shape\":[9]"));
        var r = Run("verify-tensor", proof, "--root", "2e2835641ca1e07e65e09402854fcd652b17b8412636b35db9969f17f5028fe8");
        Assert.Equal(ExitCodes.VerificationFailed, r.ExitCode);
        File.WriteAllText(proof, text.Replace("{", "{ "));
        Assert.Equal(ExitCodes.InputError, Run("verify-tensor", proof, "--root", "2e2835641ca1e07e65e09402854fcd652b17b8412636b35db9969f17f5028fe8").ExitCode);
    }

    [Fact]
    public void ProveTensorOfAMissingNameIsAnInputError()
    {
        var r = Run("prove-tensor", Mnist, "nope");
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("no tensor named \"nope\"", r.Err);
    }

    [Fact]
    public void SignWithTensorRootThenVerifyModelAndTensor()
    {
        using var tmp = SharedData.NewTempDir();
        var model = tmp["model"];
        Directory.CreateDirectory(model);
        File.Copy(Mnist, Path.Combine(model, "mnist.safetensors"));
        File.WriteAllText(Path.Combine(model, "config.json"), "{}");
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        var sig = tmp["model.sig"];
        var s = Run("sign", model, "--private-key", tmp["key.pem"], "--signature", sig, "--tensor-root");
        Assert.True(s.ExitCode == 0, s.All);
        Assert.Contains("tensor root of 'mnist.safetensors' (safetensors, 20 tensors): 2e2835641ca1e07e65e09402854fcd652b17b8412636b35db9969f17f5028fe8", s.Out);

        var v = Run("verify", model, "--signature", sig, "--public-key", tmp["key.pub.pem"]);
        Assert.True(v.ExitCode == 0, v.All);
        Assert.Contains("1 tensor root(s) verified", v.Err);

        var proof = tmp["p.json"];
        Assert.Equal(0, Run("prove-tensor", Path.Combine(model, "mnist.safetensors"), "norm2.running_var", "--out", proof).ExitCode);
        var vt = Run("verify-tensor", proof, "--bundle", sig, "--public-key", tmp["key.pub.pem"], "--model", Path.Combine(model, "mnist.safetensors"));
        Assert.True(vt.ExitCode == 0, vt.All);
        Assert.Contains("signed tensor root of 'mnist.safetensors'", vt.Err);

        Assert.Equal(0, Run("keygen", "--out", tmp["other.pem"]).ExitCode);
        Assert.Equal(ExitCodes.VerificationFailed, Run("verify-tensor", proof, "--bundle", sig, "--public-key", tmp["other.pub.pem"]).ExitCode);
    }

    [Fact]
    public void OnnxInitializersAreCommittedProvenAndVerifiedLikeOtherWeightFiles()
    {
        using var tmp = SharedData.NewTempDir();
        var model = tmp["model"];
        Directory.CreateDirectory(model);
        var onnx = Path.Combine(model, "digits-mlp.onnx");
        File.Copy(Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp", "digits-mlp.onnx"), onnx);
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        var sig = tmp["model.sig"];
        var s = Run("sign", model, "--private-key", tmp["key.pem"], "--signature", sig, "--tensor-root");
        Assert.True(s.ExitCode == 0, s.All);
        Assert.Contains("tensor root of 'digits-mlp.onnx' (onnx, 6 tensors)", s.Out);
        // The root is the training log's weights root of the same model (one commitment for ONNX weights).
        var root = Provenant.Training.Log.WeightsRoot.OfFile(onnx).RootHex;
        Assert.Contains(root, s.Out);

        var proof = tmp["p.json"];
        var p = Run("prove-tensor", onnx, "L1.W", "--out", proof);
        Assert.True(p.ExitCode == 0, p.All);
        var vt = Run("verify-tensor", proof, "--bundle", sig, "--public-key", tmp["key.pub.pem"], "--model", onnx);
        Assert.True(vt.ExitCode == 0, vt.All);

        // The same name with one weight changed is not the signed tensor.
        var changed = tmp["changed.onnx"];
        var bytes = File.ReadAllBytes(onnx);
        var graph = Provenant.Formats.Onnx.OnnxModelReader.Read(onnx).Graph;
        var w = graph.Initializers.Single(t => t.Name == "L1.W").RawData.ToArray();
        var at = bytes.AsSpan().IndexOf(w);
        Assert.True(at > 0);
        bytes[at + 5] ^= 0x01;
        File.WriteAllBytes(changed, bytes);
        var p2 = Run("prove-tensor", changed, "L1.W", "--out", tmp["p2.json"]);
        Assert.True(p2.ExitCode == 0, p2.All);
        Assert.Equal(ExitCodes.VerificationFailed, Run("verify-tensor", tmp["p2.json"], "--bundle", sig, "--public-key", tmp["key.pub.pem"]).ExitCode);
    }

    [Fact]
    public void VerifyTensorAgainstABundleWithoutTensorRootsFails()
    {
        using var tmp = SignedModel(out _, out var sig, out var pub);
        var proof = tmp["p.json"];
        Assert.Equal(0, Run("prove-tensor", Mnist, "fc1.bias", "--out", proof).ExitCode);
        var r = Run("verify-tensor", proof, "--bundle", sig, "--public-key", pub);
        Assert.Equal(ExitCodes.VerificationFailed, r.ExitCode);
        Assert.Contains("records no tensor roots", r.Err);
    }

    [Fact]
    public void SignWithTensorRootNeedsAWeightFile()
    {
        using var tmp = SharedData.NewTempDir();
        var model = tmp.Write("model/readme.txt", "no weights");
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        var r = Run("sign", Path.GetDirectoryName(model)!, "--private-key", tmp["key.pem"], "--signature", tmp["s.sig"], "--tensor-root");
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.False(File.Exists(tmp["s.sig"]));
    }

    [Fact]
    public void VerifyTensorNeedsExactlyOneTrustSource()
    {
        using var tmp = SharedData.NewTempDir();
        var proof = tmp["p.json"];
        Assert.Equal(0, Run("prove-tensor", Mnist, "fc1.bias", "--out", proof).ExitCode);
        Assert.Equal(ExitCodes.Usage, Run("verify-tensor", proof).ExitCode);
    }
}
