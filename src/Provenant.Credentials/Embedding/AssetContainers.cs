namespace Provenant.Credentials.Embedding;

/// <summary>Picks the container for an asset by its leading bytes: PNG signature or JPEG SOI; anything else
/// (text and other outputs) gets a sidecar <c>.c2pa</c> manifest store.</summary>
public static class AssetContainers
{
    /// <summary>The sidecar file name suffix (C2PA 2.x §11.4 "External manifests": <c>.c2pa</c>).</summary>
    public const string SidecarSuffix = ".c2pa";

    /// <summary>The media type of a sidecar manifest store.</summary>
    public const string SidecarMediaType = "application/c2pa";

    /// <summary>The container for <paramref name="asset"/>, or null when it gets a sidecar.</summary>
    public static IAssetContainer? Detect(ReadOnlySpan<byte> asset) =>
        PngContainer.Matches(asset) ? new PngContainer() : JpegContainer.Matches(asset) ? new JpegContainer() : null;

    /// <summary>The default sidecar path for an asset: the asset path with <c>.c2pa</c> appended.</summary>
    public static string SidecarPathFor(string assetPath) => assetPath + SidecarSuffix;
}
