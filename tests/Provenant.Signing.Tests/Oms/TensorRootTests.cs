using System.Text;
using Provenant.Core.Errors;
using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;
using Provenant.TestSupport;
using static Provenant.Signing.Tests.Oms.OmsTestKit;

namespace Provenant.Signing.Tests.Oms;

/// <summary>The optional per-tensor Merkle roots in the OMS predicate (field <see cref="OmsStatement.TensorRootsField"/>).</summary>
public class TensorRootTests
{
    private sealed class FixedCalculator(Func<string, TensorRootEntry?> compute) : ITensorRootCalculator
    {
        public int Calls { get; private set; }

        public TensorRootEntry? Compute(string fullPath, string name, CancellationToken cancellationToken = default)
        {
            Calls++;
            return compute(name);
        }
    }

    private static TensorRootEntry Entry(string name, byte fill = 7, long count = 3) =>
        new(name, "safetensors", "provenant-tensors-v1-sha256-rfc9162", Enumerable.Repeat(fill, 32).ToArray(), count);

    private static (TempDir Tmp, string Model, string Sig, TrustMaterial Trust) Signed(IReadOnlyList<TensorRootEntry> roots)
    {
        var tmp = SharedData.NewTempDir("tensor-root");
        var model = tmp.Write("model/w.safetensors", "not really weights");
        tmp.Write("model/config.json", "{}");
        var dir = Path.GetDirectoryName(model)!;
        var key = NewKey();
        var manifest = ModelHasher.Serialize(dir, new SerializationOptions()) with { TensorRoots = roots };
        var bundle = new BundleSigner(key).Sign(OmsStatement.Serialize(manifest));
        var sig = tmp.Write("model.sig", bundle.ToJsonBytes());
        return (tmp, dir, sig, new TrustMaterial { PublicKey = key });
    }

    [Fact]
    public void WithoutTensorRootsTheStatementHasNoExtraField()
    {
        var m = new OmsManifest("m", new SerializationOptions(), [new ManifestResource("a", "sha256", new byte[32])]);
        Assert.DoesNotContain("provenant.dev", Encoding.UTF8.GetString(OmsStatement.Serialize(m)));
    }

    [Fact]
    public void TensorRootsFollowResourcesAndRoundTripWithoutChangingTheSubject()
    {
        var m = new OmsManifest("m", new SerializationOptions(), [new ManifestResource("w.safetensors", "sha256", new byte[32])]);
        var with = m with { TensorRoots = [Entry("w.safetensors")] };
        var text = Encoding.UTF8.GetString(OmsStatement.Serialize(with));
        Assert.True(text.IndexOf("\"resources\"", StringComparison.Ordinal) < text.IndexOf(OmsStatement.TensorRootsField, StringComparison.Ordinal));
        Assert.Contains("\"root\": \"0707070707070707070707070707070707070707070707070707070707070707\"", text);
        var back = OmsStatement.Parse(OmsStatement.Serialize(with), "t", out _);
        Assert.True(Assert.Single(back.TensorRoots).SameCommitment(Entry("w.safetensors")));
        Assert.Equal(m.SubjectDigest(), back.SubjectDigest());
        var plain = Encoding.UTF8.GetString(OmsStatement.Serialize(m));
        Assert.StartsWith(plain[..plain.LastIndexOf(']')], text);
    }

    [Theory]
    [InlineData("\"root\": \"07", "\"root\": \"zz")]
    [InlineData("\"name\": \"w.safetensors\",\n        \"format\"", "\"name\": \"../w\",\n        \"format\"")]
    [InlineData("\"tensorCount\": 3", "\"tensorCount\": -3")]
    [InlineData("\"tensorCount\": 3", "\"tensorCount\": 3, \"extra\": 1")]
    public void MalformedTensorRootEntriesAreRejected(string from, string to)
    {
        var m = new OmsManifest("m", new SerializationOptions(), [new ManifestResource("w.safetensors", "sha256", new byte[32])]) { TensorRoots = [Entry("w.safetensors")] };
        var text = Encoding.UTF8.GetString(OmsStatement.Serialize(m));
        Assert.Contains(from, text);
        Assert.Throws<ProvenantFormatException>(() => OmsStatement.Parse(Encoding.UTF8.GetBytes(text.Replace(from, to)), "t", out _));
    }

    [Fact]
    public void VerifierRecomputesAndAcceptsMatchingRoots()
    {
        var (tmp, model, sig, trust) = Signed([Entry("w.safetensors")]);
        using (tmp)
        {
            var calc = new FixedCalculator(n => n == "w.safetensors" ? Entry(n) : null);
            var v = ModelVerifier.Verify(model, SigstoreBundle.ReadFile(sig), sig, trust, tensorRoots: calc);
            Assert.True(v.Result.IsValid, v.Result.ToString());
            Assert.Equal(1, calc.Calls);
            Assert.Contains(v.Notes, n => n.Contains("tensor root(s) verified", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void VerifierRejectsADifferentRoot()
    {
        var (tmp, model, sig, trust) = Signed([Entry("w.safetensors")]);
        using (tmp)
        {
            var v = ModelVerifier.Verify(model, SigstoreBundle.ReadFile(sig), sig, trust, tensorRoots: new FixedCalculator(n => Entry(n, fill: 8)));
            Assert.False(v.Result.IsValid);
            Assert.Contains(v.Result.Findings, f => f.StartsWith("w.safetensors: tensor root 0808", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void VerifierRejectsARootForAFileThatIsNoWeightFile()
    {
        var (tmp, model, sig, trust) = Signed([Entry("config.json")]);
        using (tmp)
        {
            var v = ModelVerifier.Verify(model, SigstoreBundle.ReadFile(sig), sig, trust, tensorRoots: new FixedCalculator(_ => null));
            Assert.False(v.Result.IsValid);
        }
    }

    [Fact]
    public void VerifierWithoutACalculatorRefusesRatherThanSkips()
    {
        var (tmp, model, sig, trust) = Signed([Entry("w.safetensors")]);
        using (tmp)
        {
            var v = ModelVerifier.Verify(model, SigstoreBundle.ReadFile(sig), sig, trust);
            Assert.False(v.Result.IsValid);
            Assert.Contains("no tensor-root calculator", v.Result.Reason);
        }
    }
}
