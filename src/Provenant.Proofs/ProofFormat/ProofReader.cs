using System.Buffers.Binary;
using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// A bounded cursor over proof bytes: every read checks the remaining length first, every count is capped before
/// anything is allocated, and the first failure is kept (with its offset) so a parser can stop and report it.
/// Field elements must be canonical (&lt; p).
/// </summary>
internal ref struct ProofReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Offset { get; private set; }

    public string? Error { get; private set; }

    public readonly int Remaining => _data.Length - Offset;

    public bool Fail(string what)
    {
        Error ??= $"{what} (at byte offset {Offset})";
        return false;
    }

    public bool Bytes(int count, string field, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (Error is not null) return false;
        if (count < 0 || count > Remaining) return Fail($"{field}: needs {count} bytes, {Remaining} left");
        value = _data.Slice(Offset, count);
        Offset += count;
        return true;
    }

    public bool U8(string field, out int value)
    {
        value = 0;
        if (!Bytes(1, field, out var b)) return false;
        value = b[0];
        return true;
    }

    public bool U16(string field, out int value)
    {
        value = 0;
        if (!Bytes(2, field, out var b)) return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(b);
        return true;
    }

    /// <summary>A u32 that must lie in [0, <paramref name="max"/>].</summary>
    public bool U32(string field, long max, out int value)
    {
        value = 0;
        if (!Bytes(4, field, out var b)) return false;
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(b);
        if (v > max) return Fail($"{field}: {v} exceeds the limit {max}");
        value = (int)v;
        return true;
    }

    /// <summary>A u32 length prefix followed by that many bytes (length ≤ min(max, remaining)).</summary>
    public bool Block(string field, int max, out ReadOnlySpan<byte> value)
    {
        value = default;
        return U32(field + " length", max, out int n) && Bytes(n, field, out value);
    }

    public bool Ext(string field, out GoldilocksExt2 value)
    {
        value = default;
        if (!Bytes(GoldilocksExt2.Size, field, out var b)) return false;
        return GoldilocksExt2.TryRead(b, out value) || Fail($"{field}: non-canonical field element");
    }

    public bool Sumcheck(string field, out SumcheckProof? proof)
    {
        proof = null;
        if (!U8(field + " rounds", out int rounds) || !U8(field + " width", out int width)) return false;
        if (rounds > SumcheckVerifier.MaxVariables) return Fail($"{field}: {rounds} rounds exceed {SumcheckVerifier.MaxVariables}");
        if (width < 2 || width > SumcheckVerifier.MaxDegree + 1) return Fail($"{field}: {width} values per round outside [2, {SumcheckVerifier.MaxDegree + 1}]");
        if (rounds == 0 && width != 2) return Fail($"{field}: a sumcheck without rounds is encoded with width 2 (found {width})");
        if ((long)rounds * width * GoldilocksExt2.Size > Remaining) return Fail($"{field}: {rounds}×{width} values do not fit the {Remaining} bytes left");
        var r = new GoldilocksExt2[rounds][];
        for (int i = 0; i < rounds; i++)
        {
            r[i] = new GoldilocksExt2[width];
            for (int j = 0; j < width; j++)
            {
                if (!Ext(field, out r[i][j])) return false;
            }
        }
        proof = new SumcheckProof(r);
        return true;
    }

    public readonly bool AtEnd => Remaining == 0;
}
