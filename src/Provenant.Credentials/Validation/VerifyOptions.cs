using System.Security.Cryptography.X509Certificates;

namespace Provenant.Credentials.Validation;

/// <summary>Inputs for <see cref="CredentialVerifier"/>.</summary>
/// <param name="TrustAnchors">Root certificates the signer must chain to; empty for none.</param>
/// <param name="ValidationTime">Time at which certificates must be valid; null for now (signature timestamps are not evaluated).</param>
/// <param name="SidecarPath">The sidecar manifest store for a non-embedding asset; null for <c>ASSET.c2pa</c>.</param>
/// <param name="ModelStatementPath">The model statement file, to compare with the Provenant assertion's digest.</param>
/// <param name="InferenceProofPath">The proof or receipt file, to compare likewise.</param>
public sealed record VerifyOptions(IReadOnlyList<X509Certificate2> TrustAnchors, DateTimeOffset? ValidationTime = null, string? SidecarPath = null,
    string? ModelStatementPath = null, string? InferenceProofPath = null)
{
    /// <summary>No anchors, now, default sidecar, no artifacts.</summary>
    public static readonly VerifyOptions None = new([]);
}
