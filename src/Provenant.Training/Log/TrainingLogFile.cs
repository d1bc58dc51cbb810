using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Training.Checkpoints;

namespace Provenant.Training.Log;

/// <summary>
/// The log file <c>training.log</c> of a log directory: the leaves of the log's Merkle tree, in order.
/// <code>
/// magic        "PVNTPOL\0"  8 bytes
/// version      u32 = 1
/// leaf count   u64 (≥ 1)
/// leaves       leaf count × (u32 length ≤ MaxLeafBytes ‖ leaf bytes)
///              leaf 0: LogGenesis; leaf s + 1: LogStep of step s
/// </code>
/// Little-endian, no padding; the leaf count is checked against the bytes left before anything is allocated,
/// trailing bytes are rejected. The log root is the RFC 9162 Merkle Tree Hash over the leaf bytes.
/// </summary>
public static class TrainingLogFile
{
    /// <summary>The version written and accepted.</summary>
    public const uint Version = 1;

    /// <summary>Largest leaf (a step record with a 65 536-record batch and a checkpoint).</summary>
    public const int MaxLeafBytes = 1 + 8 + 4 + 4 + 4 * LogStep.MaxBatch + 8 + 8 + 1 + 72;

    /// <summary>Largest log file accepted (2 GiB − 1).</summary>
    public const long MaxFileBytes = int.MaxValue;

    private static readonly byte[] Magic = "PVNTPOL\0"u8.ToArray();

    /// <summary>Encodes the leaves.</summary>
    public static byte[] Format(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var size = 8 + 4 + 8 + leaves.Sum(l => 4L + l.Length);
        var b = new byte[checked((int)size)];
        var w = b.AsSpan();
        Magic.CopyTo(w);
        BinaryPrimitives.WriteUInt32LittleEndian(w[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(w[12..], leaves.Count);
        var o = 20;
        foreach (var l in leaves)
        {
            if (l.Length > MaxLeafBytes) throw new ArgumentException($"a leaf is at most {MaxLeafBytes} bytes", nameof(leaves));
            BinaryPrimitives.WriteInt32LittleEndian(w[o..], l.Length);
            l.CopyTo(w[(o + 4)..]);
            o += 4 + l.Length;
        }
        return b;
    }

    /// <summary>Decodes the leaves with their offsets in the file.</summary>
    /// <exception cref="ProvenantFormatException">Bad magic or version, a count or length that does not fit the bytes left, trailing bytes.</exception>
    public static IReadOnlyList<(int Offset, byte[] Leaf)> Parse(ReadOnlySpan<byte> data, string source)
    {
        var r = new CheckpointReader(data, source, "training log");
        if (!r.Bytes(8, "magic").SequenceEqual(Magic)) throw r.Fail("magic", "\"PVNTPOL\\0\"", 0);
        var version = r.UInt32("version");
        if (version != Version) throw r.Fail("version", $"{Version}", 8, $"{version}");
        var at = r.Offset;
        var count = r.Int64("leaf count");
        if (count < 1 || count > r.Remaining / 5) throw r.Fail("leaf count", $"1 to {r.Remaining / 5} leaves (at least 5 bytes each in the {r.Remaining} bytes left)", at, $"{count}");
        var leaves = new List<(int, byte[])>((int)count);
        for (var i = 0; i < count; i++)
        {
            at = r.Offset;
            var length = r.UInt32($"leaf[{i}].length");
            if (length == 0 || length > MaxLeafBytes) throw r.Fail($"leaf[{i}].length", $"1 to {MaxLeafBytes} bytes", at, $"{length}");
            leaves.Add((r.Offset, r.Bytes((int)length, $"leaf[{i}]").ToArray()));
        }
        r.End();
        return leaves;
    }

    /// <summary>Reads and decodes <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantFormatException">As for <see cref="Parse"/>.</exception>
    /// <exception cref="ProvenantException">The file is missing, unreadable or larger than <see cref="MaxFileBytes"/>.</exception>
    public static IReadOnlyList<(int Offset, byte[] Leaf)> Read(string path) => Parse(BoundedFile.ReadAll(path, "training log", MaxFileBytes), path);
}
