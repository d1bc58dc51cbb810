namespace Provenant.Credentials.Embedding;

/// <summary>How one asset format carries a C2PA manifest store (C2PA 2.x §11.3 "Embedding manifests into assets").</summary>
public interface IAssetContainer
{
    /// <summary>The IANA media type, e.g. <c>image/png</c>.</summary>
    string MediaType { get; }

    /// <summary>Finds the manifest store; null when the asset has none.</summary>
    /// <param name="asset">The whole asset.</param>
    /// <param name="source">Name for error messages.</param>
    /// <exception cref="Provenant.Core.Errors.ProvenantFormatException">The asset's structure is malformed, or holds more
    /// than one store, or the store's segments are out of order.</exception>
    ManifestLocation? Find(ReadOnlyMemory<byte> asset, string source);

    /// <summary>The offset at which a new store is inserted.</summary>
    /// <exception cref="Provenant.Core.Errors.ProvenantFormatException">The asset's structure is malformed.</exception>
    long InsertionOffset(ReadOnlySpan<byte> asset, string source);

    /// <summary>The bytes to insert for <paramref name="store"/> (chunk or segments with their headers).</summary>
    /// <exception cref="ArgumentException">The store is too large for the format.</exception>
    byte[] Wrap(ReadOnlySpan<byte> store);
}
