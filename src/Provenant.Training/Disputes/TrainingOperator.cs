using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Merkle;

namespace Provenant.Training.Disputes;

/// <summary>
/// One operator of one training step as the step's trace records it (docs/disputes.md §Training disputes): its
/// position, its kind and the exact bytes of each output (float32/float64 little-endian, or checkpoint bytes). The
/// leaf commits to them:
/// <code>
/// leaf = SHA-256(0x00 ‖ "provenant-training-op-v1" ‖ u64le(step) ‖ u32le(op) ‖ u32le(len) ‖ UTF-8(kind)
///              ‖ u32le(count) ‖ count × SHA-256(output bytes))                                   RFC 9162 leaf
/// </code>
/// </summary>
/// <param name="Step">Training step, from 0.</param>
/// <param name="Index">Operator position within the step, from 0.</param>
/// <param name="Kind"><c>checkpoint</c>, <c>forward:I:TYPE</c>, <c>loss</c>, <c>backward:I:TYPE</c> or <c>optimizer</c>.</param>
/// <param name="Outputs">Output bytes, by position.</param>
public sealed record TrainingOperator(long Step, int Index, string Kind, IReadOnlyList<byte[]> Outputs)
{
    /// <summary>Domain separation tag of operator leaves.</summary>
    public const string Tag = "provenant-training-op-v1";

    /// <summary>SHA-256 of each output.</summary>
    public IReadOnlyList<byte[]> OutputDigests { get; } = Outputs.Select(o => SHA256.HashData(o)).ToArray();

    /// <summary>The RFC 9162 leaf hash (see the type remarks).</summary>
    public byte[] LeafHash => LeafHashOf(Step, Index, Kind, OutputDigests);

    /// <summary>The leaf hash of an operator from its output digests.</summary>
    public static byte[] LeafHashOf(long step, int index, string kind, IReadOnlyList<byte[]> outputDigests)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(outputDigests);
        var k = Encoding.UTF8.GetBytes(kind);
        var buf = new byte[Tag.Length + 8 + 4 + 4 + k.Length + 4 + 32 * outputDigests.Count];
        var s = buf.AsSpan();
        Encoding.ASCII.GetBytes(Tag, s);
        s = s[Tag.Length..];
        BinaryPrimitives.WriteInt64LittleEndian(s, step);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], index);
        BinaryPrimitives.WriteInt32LittleEndian(s[12..], k.Length);
        k.CopyTo(s[16..]);
        s = s[(16 + k.Length)..];
        BinaryPrimitives.WriteInt32LittleEndian(s, outputDigests.Count);
        for (var i = 0; i < outputDigests.Count; i++)
        {
            if (outputDigests[i].Length != 32) throw new ArgumentException("output digests are 32 bytes", nameof(outputDigests));
            outputDigests[i].CopyTo(s[(4 + 32 * i)..]);
        }
        return Rfc9162.HashLeaf(buf);
    }

    /// <summary>The run-level leaf of a step: SHA-256(0x00 ‖ "provenant-training-step-v1" ‖ u64le(step) ‖ step root).</summary>
    public static byte[] StepLeafHash(long step, ReadOnlySpan<byte> stepRoot)
    {
        var buf = new byte[26 + 8 + 32];
        Encoding.ASCII.GetBytes("provenant-training-step-v1", buf);
        BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(26), step);
        stepRoot.CopyTo(buf.AsSpan(34));
        return Rfc9162.HashLeaf(buf);
    }
}
