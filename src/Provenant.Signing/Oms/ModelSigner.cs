using Provenant.Signing.Sigstore;

namespace Provenant.Signing.Oms;

/// <summary>
/// OMS v1.0 signing: serialize the model into a manifest, wrap it in an in-toto statement and sign
/// it into a Sigstore bundle (the <c>model.sig</c> file).
/// </summary>
public static class ModelSigner
{
    /// <summary>Hashes and signs the model.</summary>
    /// <param name="modelPath">Model directory or file.</param>
    /// <param name="options">Serialization parameters (the signature file itself should be among the ignore paths).</param>
    /// <param name="signer">Key (and optional certificate chain).</param>
    /// <param name="progress">Bytes hashed so far.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The manifest and the bundle.</returns>
    public static (OmsManifest Manifest, SigstoreBundle Bundle) Sign(string modelPath, SerializationOptions options, BundleSigner signer,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var manifest = ModelHasher.Serialize(modelPath, options, progress, cancellationToken);
        return (manifest, signer.Sign(OmsStatement.Serialize(manifest)));
    }
}
