namespace Provenant.Credentials.Manifest;

/// <summary>A byte range left out of a data hash (C2PA 2.x §18.5 <c>exclusion-range-map</c>: <c>start</c>, <c>length</c>).</summary>
/// <param name="Start">Offset of the first excluded byte in the asset.</param>
/// <param name="Length">Number of excluded bytes.</param>
public readonly record struct ExclusionRange(long Start, long Length)
{
    /// <summary>One past the last excluded byte.</summary>
    public long End => Start + Length;
}
