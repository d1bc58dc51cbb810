using Provenant.Core.Errors;
using Provenant.Credentials.Jumbf;

namespace Provenant.Credentials.Manifest;

/// <summary>A C2PA manifest store (C2PA 2.x §11.1.4): the <c>c2pa</c> superbox holding one or more manifests; the
/// last one is the active manifest, earlier ones belong to ingredients.</summary>
/// <param name="Box">The store superbox.</param>
/// <param name="Manifests">The manifests in store order.</param>
public sealed record ManifestStore(JumbfSuperBox Box, IReadOnlyList<ParsedManifest> Manifests)
{
    /// <summary>The active manifest (the last one).</summary>
    public ParsedManifest Active => Manifests[^1];

    /// <summary>Parses a store.</summary>
    /// <param name="data">The store bytes (one <c>jumb</c> box).</param>
    /// <param name="source">Name for error messages.</param>
    /// <exception cref="ProvenantFormatException">Malformed JUMBF, not a C2PA store, no manifests, or a malformed manifest.</exception>
    public static ManifestStore Parse(ReadOnlyMemory<byte> data, string source)
    {
        var box = JumbfReader.ReadSuperBox(data, source);
        if (box.Description.Type != JumbfUuid.ManifestStore || box.Label != C2paLabels.ManifestStore)
        {
            throw new ProvenantFormatException(source, "manifest store", "a 'c2pa' superbox with the C2PA store UUID", $"'{box.Label}' ({box.Description.Type})", 0);
        }
        ParsedManifest.RequireType(box, JumbfUuid.ManifestStore, source);
        var manifests = box.SuperBoxes
            .Where(b => b.Description.Type == JumbfUuid.Manifest || b.Description.Type == JumbfUuid.UpdateManifest)
            .Select(b => ParsedManifest.Read(b, source)).ToList();
        if (manifests.Count == 0) throw new ProvenantFormatException(source, "manifest store", "at least one manifest", "none", 0);
        return new ManifestStore(box, manifests);
    }
}
