using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Validation;

/// <summary>Computes a <c>c2pa.hash.data</c> digest (C2PA 2.x §18.5): every asset byte outside the exclusion ranges, in order.</summary>
public static class DataHashCalculator
{
    /// <summary>The digest, or null with <paramref name="problem"/> set when the algorithm is unsupported or the ranges
    /// overlap, are unsorted or run past the end of the asset.</summary>
    public static byte[]? Compute(ReadOnlySpan<byte> asset, IReadOnlyList<ExclusionRange> exclusions, string? alg, out string? problem)
    {
        using var hash = C2paHash.Create(alg ?? "sha256");
        if (hash is null)
        {
            problem = $"unsupported hash algorithm '{alg}'";
            return null;
        }
        long pos = 0;
        foreach (var range in exclusions.OrderBy(e => e.Start))
        {
            if (range.Start < pos || range.Length < 0 || range.Start > asset.Length || range.Length > asset.Length - range.Start)
            {
                problem = $"exclusion [{range.Start}, +{range.Length}) overlaps another or runs past the {asset.Length}-byte asset";
                return null;
            }
            hash.AppendData(asset[(int)pos..(int)range.Start]);
            pos = range.End;
        }
        hash.AppendData(asset[(int)pos..]);
        problem = null;
        return hash.GetHashAndReset();
    }
}
