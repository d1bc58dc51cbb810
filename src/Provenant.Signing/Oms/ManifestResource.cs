using Provenant.Core.Hashing;

namespace Provenant.Signing.Oms;

/// <summary>One OMS resource: <c>{name, algorithm, digest}</c>. For shards the name is <c>path:start:end</c>
/// (bytes [start, end) of the file).</summary>
/// <param name="Name">POSIX path relative to the model root (<c>.</c> for a single-file model), or a shard name.</param>
/// <param name="Algorithm">e.g. <c>sha256</c> or <c>sha256-sharded-1000000000</c>.</param>
/// <param name="Digest">Raw digest bytes.</param>
public sealed record ManifestResource(string Name, string Algorithm, byte[] Digest)
{
    /// <summary>Lower-case hex of <see cref="Digest"/>.</summary>
    public string DigestHex => Hex.Encode(Digest);

    /// <summary>The file path part of the name (the whole name in files mode).</summary>
    public string Path => TrySplitShard(Name, out var p, out _, out _) && Algorithm.Contains("-sharded-", StringComparison.Ordinal) ? p : Name;

    /// <summary>Splits <c>path:start:end</c>; false when the name has no such suffix.</summary>
    public static bool TrySplitShard(string name, out string path, out long start, out long end)
    {
        path = name;
        start = end = 0;
        var j = name.LastIndexOf(':');
        if (j <= 0) return false;
        var i = name.LastIndexOf(':', j - 1);
        if (i <= 0) return false;
        if (!long.TryParse(name.AsSpan(i + 1, j - i - 1), System.Globalization.NumberStyles.None, null, out start)) return false;
        if (!long.TryParse(name.AsSpan(j + 1), System.Globalization.NumberStyles.None, null, out end)) return false;
        path = name[..i];
        return end >= start;
    }

    /// <inheritdoc />
    public bool Equals(ManifestResource? other) =>
        other is not null && Name == other.Name && Algorithm == other.Algorithm && Digest.AsSpan().SequenceEqual(other.Digest);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Algorithm);
}
