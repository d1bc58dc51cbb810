using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;
using Provenant.TestSupport;

namespace Provenant.Credentials.Tests;

/// <summary>Signs copies of the unsigned fixtures (libpng-test.png, earth_apollo17.jpg) with a <see cref="TestPki"/> and
/// the OMS v1.0 certificate case's model statement from ../shared/data/oms-vectors.</summary>
internal sealed class SignedAssets : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provenant-c2pa-").FullName;

    public SignedAssets(TestPki? pki = null)
    {
        Pki = pki ?? new TestPki();
        ModelStatement = SharedData.Get("oms-vectors", "cases", "v1.0.0-certificate", "model.sig");
    }

    public TestPki Pki { get; }

    public string ModelStatement { get; }

    public string Dir => _dir;

    public VerifyOptions Trusting => new([Pki.Root]);

    /// <summary>Copies a fixture into the temp folder.</summary>
    public string Copy(string fixture, string? name = null)
    {
        var path = Path.Combine(_dir, name ?? fixture);
        File.Copy(SharedData.Get("c2pa-fixtures", fixture), path, overwrite: true);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public ManifestDefinition Definition(string asset, params AssertionContent[] extra)
    {
        var d = ProvenanceCredential.Define(asset, ModelStatement, null, null, "notAllowed", "0.0.0-test");
        return d with { Assertions = [.. d.Assertions, .. extra] };
    }

    public EmbedResult Sign(string asset, string? destination = null, params AssertionContent[] extra) =>
        CredentialEmbedder.Add(asset, destination, Definition(asset, extra), new ClaimSigner(Pki.SignerKey, Pki.Chain));

    /// <summary>Signs a copy of <paramref name="fixture"/> and returns the signed path.</summary>
    public string SignedCopy(string fixture, params AssertionContent[] extra)
    {
        var path = Copy(fixture, "signed-" + fixture);
        Sign(path, null, extra);
        return path;
    }

    public void Dispose()
    {
        Pki.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
