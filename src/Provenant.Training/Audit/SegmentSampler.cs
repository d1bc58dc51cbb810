using System.Buffers.Binary;
using System.Security.Cryptography;
using Provenant.Training.Random;

namespace Provenant.Training.Audit;

/// <summary>
/// Fiat–Shamir choice of the segments an audit re-executes. The challenge is derived from the log root, so the
/// trainer cannot know which segments will be checked before the whole log (every step and checkpoint hash) is fixed:
/// <code>
/// challenge = SHA-256("provenant-audit/v1\0" ‖ log root (32) ‖ u32 segment count ‖ u32 sample size)
/// sample    = the first n entries of a Fisher–Yates shuffle of 0…M−1 driven by SplitMix64(first 8 bytes of challenge, LE)
/// </code>
/// returned in ascending order. Changing any byte of the log changes the root and hence the sample.
/// </summary>
public static class SegmentSampler
{
    private static readonly byte[] Domain = "provenant-audit/v1\0"u8.ToArray();

    /// <summary>Samples <paramref name="count"/> distinct segments of <paramref name="segments"/> (all of them when count ≥ segments).</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes or a count is negative.</exception>
    public static int[] Sample(ReadOnlySpan<byte> logRoot, int segments, int count)
    {
        if (logRoot.Length != 32) throw new ArgumentException("the log root is 32 bytes", nameof(logRoot));
        ArgumentOutOfRangeException.ThrowIfNegative(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, segments);
        var buffer = new byte[Domain.Length + 32 + 8];
        Domain.CopyTo(buffer, 0);
        logRoot.CopyTo(buffer.AsSpan(Domain.Length));
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(Domain.Length + 32), segments);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(Domain.Length + 36), count);
        var rng = new SplitMix64(BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(buffer)));
        var order = Enumerable.Range(0, segments).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)rng.NextBelow((ulong)(segments - i));
            (order[i], order[j]) = (order[j], order[i]);
        }
        var chosen = order[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>The sample size for a fraction: ⌈fraction · segments⌉, at least 1 when fraction &gt; 0 and there are segments.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1].</exception>
    public static int SizeFor(double fraction, int segments)
    {
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), "the sample fraction lies in [0, 1]");
        return (int)Math.Min(segments, Math.Ceiling(fraction * segments));
    }
}
