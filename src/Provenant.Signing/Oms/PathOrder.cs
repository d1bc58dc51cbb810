using System.Text;

namespace Provenant.Signing.Oms;

/// <summary>
/// OMS resource order: POSIX paths compared segment by segment (as Python's <c>PurePosixPath</c>
/// ordering), each segment by Unicode code point (ordinal UTF-8 bytes); shards then by start, end.
/// </summary>
public sealed class PathOrder : IComparer<string>
{
    /// <summary>The single instance.</summary>
    public static readonly PathOrder Instance = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.Split('/');
        var b = y.Split('/');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = CompareCodePoints(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int CompareCodePoints(string a, string b)
    {
        // UTF-8 byte order equals code point order (unlike UTF-16 order for surrogates).
        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }
}
