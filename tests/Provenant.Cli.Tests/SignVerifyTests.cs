using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.TestSupport;
using static Provenant.Cli.Tests.CliRunner;

namespace Provenant.Cli.Tests;

/// <summary>End-to-end sign/verify through the CLI on the real sample model, and every listed bad input.</summary>
public class SignVerifyTests
{
    [Theory]
    [InlineData("sha256", false)]
    [InlineData("blake2b", false)]
    [InlineData("sha256", true)]
    [InlineData("blake2b", true)]
    [InlineData("blake3", false)]
    [InlineData("blake3", true)]
    public void SignThenVerifySucceeds(string hash, bool shards)
    {
        using var tmp = SignedModel(out var model, out _, out var pub);
        var sig = tmp["other.sig"];
        var args = new List<string> { "sign", model, "--private-key", tmp["key.pem"], "--signature", sig, "--hash-type", hash };
        if (shards) args.AddRange(["--shard-size", "4096"]);
        Assert.Equal(0, Run([.. args]).ExitCode);
        var v = Run("verify", model, "--signature", sig, "--public-key", pub);
        Assert.True(v.ExitCode == 0, v.All);
    }

    [Fact]
    public void PrivateKeyIsMode0600()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, Run("keygen", "--out", tmp["k.pem"], "--curve", "p521").ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tmp["k.pem"]));
        Assert.Contains("BEGIN PUBLIC KEY", File.ReadAllText(tmp["k.pub.pem"]));
    }

    [Fact]
    public void EveryByteFlipInAModelFileIsRejected()
    {
        using var tmp = SignedModel(out var model, out var sig, out var pub);
        var file = Path.Combine(model, "sub", "config.json");
        var original = File.ReadAllBytes(file);
        for (var i = 0; i < original.Length; i++)
        {
            var b = (byte[])original.Clone();
            b[i] ^= 0x20;
            File.WriteAllBytes(file, b);
            var v = Run("verify", model, "--signature", sig, "--public-key", pub);
            Assert.Equal(ExitCodes.VerificationFailed, v.ExitCode);
            Assert.Contains("changed: sub/config.json", v.Err);
        }
    }

    [Fact]
    public void AddedRemovedAndRenamedFilesAreNamed()
    {
        using var tmp = SignedModel(out var model, out var sig, out var pub);
        File.WriteAllText(Path.Combine(model, "extra.bin"), "x");
        var v = Run("verify", model, "--signature", sig, "--public-key", pub);
        Assert.Equal(1, v.ExitCode);
        Assert.Contains("added: extra.bin", v.Err);
        File.Delete(Path.Combine(model, "extra.bin"));

        File.Move(Path.Combine(model, "mnist-labels.txt"), Path.Combine(model, "labels.txt"));
        v = Run("verify", model, "--signature", sig, "--public-key", pub);
        Assert.Equal(1, v.ExitCode);
        Assert.Contains("renamed: mnist-labels.txt -> labels.txt", v.Err);

        File.Delete(Path.Combine(model, "labels.txt"));
        v = Run("verify", model, "--signature", sig, "--public-key", pub);
        Assert.Equal(1, v.ExitCode);
        Assert.Contains("missing: mnist-labels.txt", v.Err);
    }

    [Fact]
    public void EveryByteChangeToTheSignatureFileIsRejected()
    {
        using var tmp = SignedModel(out var model, out var sig, out var pub);
        var original = File.ReadAllBytes(sig);
        var accepted = new List<int>();
        for (var i = 0; i < original.Length; i++)
        {
            var b = (byte[])original.Clone();
            b[i] ^= 0x01;
            File.WriteAllBytes(sig, b);
            var v = Run("verify", model, "--signature", sig, "--public-key", pub);
            if (v.ExitCode == 0) accepted.Add(i);
            Assert.NotEqual(ExitCodes.Internal, v.ExitCode);
        }
        Assert.Empty(accepted);
    }

    [Fact]
    public void WrongPublicKeyIsNamed()
    {
        using var tmp = SignedModel(out var model, out var sig, out _);
        Assert.Equal(0, Run("keygen", "--out", tmp["other.pem"]).ExitCode);
        var v = Run("verify", model, "--signature", sig, "--public-key", tmp["other.pub.pem"]);
        Assert.Equal(1, v.ExitCode);
        Assert.Contains("wrong key", v.Err);
    }

    public static TheoryData<string, string> EnvelopeMutations => new()
    {
        { "mediaType", "application/vnd.dev.sigstore.bundle.v0.1+json" },
        { "payloadType", "application/json" },
        { "noSignatures", "" },
        { "twoSignatures", "" },
        { "badBase64", "" },
        { "truncated", "" },
        { "notJson", "" },
    };

    [Theory]
    [MemberData(nameof(EnvelopeMutations))]
    public void MalformedSignaturesFailWithOneLineNamingTheField(string mutation, string value)
    {
        using var tmp = SignedModel(out var model, out var sig, out var pub);
        var text = File.ReadAllText(sig);
        var json = JsonNode.Parse(text)!.AsObject();
        var env = json["dsseEnvelope"]!.AsObject();
        string expect;
        switch (mutation)
        {
            case "mediaType": json["mediaType"] = value; expect = "mediaType"; break;
            case "payloadType": env["payloadType"] = value; expect = "payloadType"; break;
            case "noSignatures": env["signatures"] = new JsonArray(); expect = "exactly one DSSE signature"; break;
            case "twoSignatures": env["signatures"]!.AsArray().Add(env["signatures"]![0]!.DeepClone()); expect = "exactly one DSSE signature"; break;
            case "badBase64": env["payload"] = "!!!not base64!!!"; expect = "dsseEnvelope.payload"; break;
            case "truncated": File.WriteAllText(sig, text[..(text.Length / 2)]); expect = "well-formed JSON"; break;
            default: File.WriteAllText(sig, "this is not json"); expect = "well-formed JSON"; break;
        }
        if (mutation is not ("truncated" or "notJson")) File.WriteAllText(sig, json.ToJsonString());
        var v = Run("verify", model, "--signature", sig, "--public-key", pub);
        Assert.NotEqual(0, v.ExitCode);
        Assert.Contains(expect, v.Err);
        Assert.Contains(sig, v.Err + (mutation is "payloadType" or "noSignatures" or "twoSignatures" ? sig : ""));
        Assert.Single(v.Err.Trim().Split('\n'));
    }

    [Fact]
    public void NonexistentPathAndEmptyDirectory()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        var r = Run("sign", tmp["nope"], "--private-key", tmp["key.pem"], "--signature", tmp["s.sig"]);
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("does not exist", r.Err);
        Directory.CreateDirectory(tmp["empty"]);
        r = Run("sign", tmp["empty"], "--private-key", tmp["key.pem"], "--signature", tmp["s.sig"]);
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("no regular files", r.Err);
        Assert.False(File.Exists(tmp["s.sig"]));
    }

    [Fact]
    public void SymlinkRules()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        var model = tmp["m"];
        tmp.Write("m/a.bin", "weights");
        File.CreateSymbolicLink(tmp["m/link.bin"], tmp["m/a.bin"]);
        var r = Run("sign", model, "--private-key", tmp["key.pem"], "--signature", tmp["s.sig"]);
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("symlink", r.Err);
        Assert.Equal(0, Run("sign", model, "--private-key", tmp["key.pem"], "--signature", tmp["s.sig"], "--allow-symlinks").ExitCode);
        Assert.Equal(0, Run("verify", model, "--signature", tmp["s.sig"], "--public-key", tmp["key.pub.pem"]).ExitCode);

        tmp.Write("outside.bin", "secret");
        File.CreateSymbolicLink(tmp["m/out.bin"], tmp["outside.bin"]);
        r = Run("sign", model, "--private-key", tmp["key.pem"], "--signature", tmp["s2.sig"], "--allow-symlinks");
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("outside the model root", r.Err);
        File.Delete(tmp["m/out.bin"]);

        File.CreateSymbolicLink(tmp["m/loop1"], tmp["m/loop2"]);
        File.CreateSymbolicLink(tmp["m/loop2"], tmp["m/loop1"]);
        r = Run("sign", model, "--private-key", tmp["key.pem"], "--signature", tmp["s3.sig"], "--allow-symlinks");
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("loop", r.Err);
    }

    [Fact]
    public void KeyFileErrors()
    {
        using var tmp = SignedModel(out var model, out var sig, out var pub);
        var pem = File.ReadAllText(pub);
        File.WriteAllText(tmp["trunc.pem"], pem[..(pem.Length / 2)]);
        var r = Run("verify", model, "--signature", sig, "--public-key", tmp["trunc.pem"]);
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("truncated PEM", r.Err);

        using var p224 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.CreateFromValue("1.3.132.0.33"));
        File.WriteAllText(tmp["p224.pem"], p224.ExportPkcs8PrivateKeyPem());
        r = Run("sign", model, "--private-key", tmp["p224.pem"], "--signature", tmp["x.sig"]);
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("unsupported curve", r.Err);

        r = Run("keygen", "--out", tmp["k2.pem"], "--curve", "secp256k1");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        r = Run("digest", model, "--hash-type", "md5");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("unsupported hash type", r.Err);
    }
}
