using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Embedding;

/// <summary>Where a manifest store sits in an asset: the reassembled store bytes and the byte range its container
/// (PNG chunk, JPEG APP11 segments) occupies, which the data hash must exclude.</summary>
/// <param name="Store">The manifest store (one JUMBF <c>c2pa</c> superbox).</param>
/// <param name="Range">The container bytes in the asset.</param>
public sealed record ManifestLocation(ReadOnlyMemory<byte> Store, ExclusionRange Range);
