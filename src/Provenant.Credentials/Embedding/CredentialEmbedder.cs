using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// Adds a signed C2PA manifest to an asset. PNG and JPEG get the store embedded (<see cref="PngContainer"/>,
/// <see cref="JpegContainer"/>) with a <c>c2pa.hash.data</c> exclusion covering exactly the inserted bytes, so the
/// hash equals SHA-256 of the original file; any other file gets a sidecar <c>.c2pa</c> store whose data hash covers
/// the whole file. Output is written atomically (temporary file, fsync, then rename): on any failure the original and
/// the destination are untouched and the temporary file is removed. PNG and JPEG outputs are written while the asset
/// is still being read and hashed (<see cref="StreamingEmbedWriter"/>); the written asset is re-read and its store
/// located before the rename.
/// </summary>
public static class CredentialEmbedder
{
    private const int MaxLayoutPasses = 8;

    /// <summary>Signs and embeds (or writes a sidecar for) <paramref name="assetPath"/>.</summary>
    /// <param name="assetPath">The asset to credential.</param>
    /// <param name="destinationPath">Where to write the signed asset (may equal <paramref name="assetPath"/>), or for a
    /// sidecar the store path (null: <c>ASSET.c2pa</c>; for PNG/JPEG null means in place).</param>
    /// <param name="definition">Manifest labels and assertions.</param>
    /// <param name="signer">Claim signer.</param>
    /// <exception cref="ProvenantException">Unreadable asset, malformed PNG/JPEG, an asset that already carries a manifest
    /// (exit code 3), or an unwritable destination (exit code 4).</exception>
    public static EmbedResult Add(string assetPath, string? destinationPath, ManifestDefinition definition, ClaimSigner signer) =>
        AddCore(assetPath, destinationPath, definition, signer, directWrites: true);

    /// <summary>As <see cref="Add(string, string?, ManifestDefinition, ClaimSigner)"/>; <paramref name="directWrites"/>
    /// true (the default) writes the output with direct I/O where the file system allows it, false through the page
    /// cache. Direct I/O costs the CPU less and gave the faster add on the shared development machine, but it leaves
    /// the written file out of the page cache, so a verify right after add reads it from the device
    /// (docs/credentials.md).</summary>
    internal static EmbedResult AddCore(string assetPath, string? destinationPath, ManifestDefinition definition, ClaimSigner signer, bool directWrites)
    {
        var container = AssetContainers.Detect(AssetFile.ReadHead(assetPath, PngContainer.Signature.Length));
        if (container is null)
        {
            var asset = AssetFile.ReadAllHashing(assetPath, out ChunkHasher hashing, null);
            if (AssetContainers.Detect(asset) is not null) throw new ProvenantException($"{assetPath}: asset changed while it was read");
            var sidecar = destinationPath ?? AssetContainers.SidecarPathFor(assetPath);
            var store = ManifestBuilder.Build(definition, new DataHashAssertion([], "sha256", hashing.HelpAndWait(), "whole file (sidecar manifest)"), signer);
            AtomicFile.Write(sidecar, store);
            return new EmbedResult(sidecar, AssetContainers.SidecarMediaType, store.Length, null);
        }
        var destination = destinationPath ?? assetPath;
        var storeLength = 0;
        ExclusionRange range = default;
        AtomicFile.Write(destination, stream =>
        {
            // The store's size does not depend on the hash value (a fixed-width byte string) or the signature
            // (fixed-width r‖s), so a layout over a placeholder hash reserves the gap as soon as the first chunk fixes
            // the insertion offset; the rest of the asset is written behind the gap while it is read and hashed.
            using var writer = new StreamingEmbedWriter(container, ((FileStream)stream).SafeFileHandle,
                offset => Layout(container, definition, signer, offset, new byte[32], 0).Length, destination, directWrites);
            var asset = AssetFile.ReadAllHashing(assetPath, out var hashing, writer.Advance);
            if (AssetContainers.Detect(asset)?.MediaType != container.MediaType) throw new ProvenantException($"{assetPath}: asset changed while it was read");
            if (container.Find(asset, assetPath) is not null)
            {
                throw new ProvenantException($"{assetPath}: already carries a C2PA manifest store; adding a second (ingredient chaining) is not supported", ExitCodes.InputError);
            }
            var offset = container.InsertionOffset(asset, assetPath);
            var wrapped = Layout(container, definition, signer, offset, hashing.HelpAndWait(), writer.Gap);
            if ((long)asset.Length + wrapped.Length > AssetFile.MaxBytes) throw new ProvenantException($"{assetPath}: the signed file would exceed {AssetFile.MaxBytes} bytes");
            writer.Finish(asset, offset, wrapped);
            // Locate the store in the output as written (the staged bytes, or the file re-read through the page cache
            // when it was laid out again) before the fsync and rename.
            using var mapped = writer.Output is null ? new MappedFileMemory((FileStream)stream, asset.Length + wrapped.Length) : null;
            var check = container.Find(writer.Output ?? mapped!.Memory, assetPath + " (signed)");
            if (check is null || check.Range != new ExclusionRange(offset, wrapped.Length)) throw new ProvenantException($"{assetPath}: internal error: the embedded store could not be re-read", ExitCodes.Internal);
            storeLength = check.Store.Length;
            range = check.Range;
        });
        return new EmbedResult(destination, container.MediaType, storeLength, range);
    }

    /// <summary>Builds the wrapped store whose exclusion length equals its own size: the CBOR width of the length can
    /// change the size, so the layout is repeated until it is stable (two passes from <paramref name="length"/> = 0, one
    /// from the reserved size).</summary>
    private static byte[] Layout(IAssetContainer container, ManifestDefinition definition, ClaimSigner signer, long offset, byte[] hash, long length)
    {
        for (var pass = 0; pass < MaxLayoutPasses; pass++)
        {
            var binding = new DataHashAssertion([new ExclusionRange(offset, length)], "sha256", hash, "jumbf manifest");
            var wrapped = container.Wrap(ManifestBuilder.Build(definition, binding, signer));
            if (wrapped.Length == length) return wrapped;
            length = wrapped.Length;
        }
        throw new ProvenantException("manifest layout did not converge (the store size kept changing)", ExitCodes.Internal);
    }
}
