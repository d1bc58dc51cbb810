using System.Globalization;
using System.Text;

namespace Provenant.Ledger.Tiles;

/// <summary>
/// A c2sp.org/tlog-tiles resource path: <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> (Merkle tree tiles) or
/// <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c> (entry bundles). <c>N</c> is written in zero-padded 3-digit path
/// elements, all but the last prefixed with <c>x</c> (1234067 → <c>x001/x234/067</c>); <c>L</c> is 0–63 without
/// leading zeroes; <c>W</c> is 1–255 without leading zeroes and is absent (0 here) for full tiles.
/// </summary>
/// <param name="Level">Tile level 0–63; -1 for entry bundles.</param>
/// <param name="Index">Tile index N within the level.</param>
/// <param name="Width">Partial width 1–255, or 0 for a full (256-wide) tile.</param>
public readonly record struct TilePath(int Level, ulong Index, int Width)
{
    /// <summary>Hashes per full tile (tile height 8).</summary>
    public const int FullWidth = 256;

    /// <summary>True for <c>tile/entries/…</c>.</summary>
    public bool IsEntryBundle => Level < 0;

    /// <summary>Number of hashes (or entries) the resource holds: <see cref="Width"/>, or 256 when full.</summary>
    public int Count => Width == 0 ? FullWidth : Width;

    /// <summary>The path without a leading slash, e.g. <c>tile/0/x001/x234/067.p/8</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("tile/");
        sb.Append(IsEntryBundle ? "entries" : Level.ToString(CultureInfo.InvariantCulture)).Append('/');
        sb.Append(FormatIndex(Index));
        if (Width != 0) sb.Append(".p/").Append(Width.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>Encodes an index as 3-digit groups, all but the last prefixed with <c>x</c>.</summary>
    public static string FormatIndex(ulong n)
    {
        var groups = new List<string>();
        do
        {
            groups.Add((n % 1000).ToString("D3", CultureInfo.InvariantCulture));
            n /= 1000;
        } while (n > 0);
        groups.Reverse();
        for (var i = 0; i < groups.Count - 1; i++) groups[i] = "x" + groups[i];
        return string.Join('/', groups);
    }

    /// <summary>
    /// Parses a tile path (with or without a leading <c>/</c>). Returns false for anything that is not exactly the
    /// canonical encoding: wrong prefixes, leading zeroes in L or W, W outside 1–255, non-digit groups, an index
    /// beyond 2^64 − 1, or more than 7 index groups.
    /// </summary>
    public static bool TryParse(string? path, out TilePath tile)
    {
        tile = default;
        if (path is null || path.Length > 128) return false;
        if (path.StartsWith('/')) path = path[1..];
        var parts = path.Split('/');
        if (parts.Length < 3 || parts[0] != "tile") return false;
        int level;
        if (parts[1] == "entries") level = -1;
        else if (!TryParseSmall(parts[1], 0, 63, out level)) return false;
        var width = 0;
        var last = parts.Length - 1;
        var lastGroup = parts[last];
        if (parts.Length >= 4 && lastGroup.Length > 0 && parts[last - 1].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryParseSmall(lastGroup, 1, 255, out width)) return false;
            last--;
            lastGroup = parts[last][..^2];
        }
        var groupCount = last - 1;
        if (groupCount < 1 || groupCount > 7) return false;
        ulong index = 0;
        for (var i = 0; i < groupCount; i++)
        {
            var g = i == groupCount - 1 ? lastGroup : parts[2 + i];
            if (i < groupCount - 1)
            {
                if (!g.StartsWith('x')) return false;
                g = g[1..];
            }
            if (g.Length != 3 || !g.All(char.IsAsciiDigit)) return false;
            var v = (ulong)(g[0] - '0') * 100 + (ulong)(g[1] - '0') * 10 + (ulong)(g[2] - '0');
            try { index = checked(index * 1000 + v); }
            catch (OverflowException) { return false; }
        }
        // Canonical: no leading zero groups (index 0 is the single group "000").
        if (groupCount > 1 && parts[2] == "x000") return false;
        tile = new TilePath(level, index, width);
        return true;
    }

    private static bool TryParseSmall(string s, int min, int max, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 3 || !s.All(char.IsAsciiDigit) || (s.Length > 1 && s[0] == '0')) return false;
        value = int.Parse(s, CultureInfo.InvariantCulture);
        return value >= min && value <= max;
    }
}
