namespace Provenant.Credentials.Embedding;

/// <summary>What <see cref="CredentialEmbedder.Add"/> wrote.</summary>
/// <param name="WrittenPath">The signed asset, or the sidecar store for other files.</param>
/// <param name="MediaType">The asset's media type (<c>application/c2pa</c> for a sidecar).</param>
/// <param name="StoreBytes">Size of the manifest store in bytes.</param>
/// <param name="Exclusion">The excluded range in the signed asset (null for a sidecar).</param>
public sealed record EmbedResult(string WrittenPath, string MediaType, int StoreBytes, Manifest.ExclusionRange? Exclusion);
