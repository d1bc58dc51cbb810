using Provenant.Core.IO;
namespace Provenant.Core.IO;

/// <summary>
/// Orders relative POSIX paths segment by segment (the order of OMS resources and dataset files; Python PurePosixPath ordering), each segment compared by its UTF-8 bytes as unsigned
/// integers (so <c>a/b</c> sorts before <c>a-b</c>, and a folder's files stay together).
/// </summary>
public sealed class PosixPathOrder : IComparer<string>
{
    /// <summary>The single instance.</summary>
    public static PosixPathOrder Instance { get; } = new();

    private PosixPathOrder() { }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var xs = x.Split('/');
        var ys = y.Split('/');
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            var c = System.Text.Encoding.UTF8.GetBytes(xs[i]).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(ys[i]));
            if (c != 0) return c;
        }
        return xs.Length.CompareTo(ys.Length);
    }
}
