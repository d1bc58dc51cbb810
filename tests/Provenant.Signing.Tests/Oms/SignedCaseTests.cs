using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;
using static Provenant.Signing.Tests.Oms.OmsTestKit;

namespace Provenant.Signing.Tests.Oms;

/// <summary>The signed model directories from OpenSSF model_signing releases (oms-vectors/cases, see CASES.md).</summary>
public class SignedCaseTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // case, trust kind, model path inside the case ("" = the case directory)
        { "v0.2.0-certificate", "ca", "" },
        { "v1.0.0-certificate", "ca", "" },
        { "v1.1.0-certificate", "ca", "" },
        { "v0.3.1-elliptic-key", "key", "signme-1" },
        { "v1.1.0-elliptic-key", "key", "" },
        { "v1.0.0-sigstore", "keyless", "" },
        { "v1.1.0-sigstore", "keyless", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenSignatureVerifies(string name, string trustKind, string modelInCase)
    {
        var dir = Case(name);
        var sig = Path.Combine(dir, "model.sig");
        var model = modelInCase.Length == 0 ? dir : Path.Combine(dir, modelInCase);
        var trust = trustKind switch { "ca" => CaTrust(), "key" => PublicKeyTrust(), _ => KeylessTrust() };
        var v = ModelVerifier.Verify(model, SigstoreBundle.ReadFile(sig), sig, trust);
        Assert.True(v.Result.IsValid, v.Result.ToString());
        Assert.NotNull(v.SignedManifest);
        Assert.NotEmpty(v.SignedManifest!.Resources);
        if (trustKind == "keyless")
        {
            Assert.Contains(v.Notes, n => n.Contains("NOT checked", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenSignatureRejectsAChangedFile(string name, string trustKind, string modelInCase)
    {
        using var tmp = TestSupport.SharedData.NewTempDir();
        var src = Case(name);
        foreach (var f in Directory.GetFiles(src)) File.Copy(f, Path.Combine(tmp.Path, Path.GetFileName(f)));
        var target = Path.Combine(tmp.Path, "signme-1");
        var bytes = File.ReadAllBytes(target);
        bytes[0] ^= 0x01;
        File.WriteAllBytes(target, bytes);
        var sig = Path.Combine(tmp.Path, "model.sig");
        var model = modelInCase.Length == 0 ? tmp.Path : Path.Combine(tmp.Path, modelInCase);
        var trust = trustKind switch { "ca" => CaTrust(), "key" => PublicKeyTrust(), _ => KeylessTrust() };
        var v = ModelVerifier.Verify(model, SigstoreBundle.ReadFile(sig), sig, trust);
        Assert.False(v.Result.IsValid);
        Assert.Contains(v.Result.Findings, f => f.StartsWith("changed: ", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyCaseRejectsAnotherKey()
    {
        var dir = Case("v1.1.0-elliptic-key");
        var sig = Path.Combine(dir, "model.sig");
        using var other = NewKey(Keys.EcCurve.P384);
        var v = ModelVerifier.Verify(dir, SigstoreBundle.ReadFile(sig), sig, new TrustMaterial { PublicKey = other });
        Assert.False(v.Result.IsValid);
        Assert.StartsWith("wrong key", v.Result.Reason);
    }

    [Fact]
    public void CertificateCaseRejectsAnUnrelatedTrustAnchor()
    {
        var dir = Case("v1.0.0-certificate");
        var sig = Path.Combine(dir, "model.sig");
        using var key = NewKey();
        var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other-root", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var root = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddYears(10));
        var v = ModelVerifier.Verify(dir, SigstoreBundle.ReadFile(sig), sig, new TrustMaterial { TrustAnchors = [root] });
        Assert.False(v.Result.IsValid);
        Assert.Contains("certificate chain", v.Result.Reason);
    }
}
