using System.Buffers.Binary;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// An opening proof of <see cref="MultilinearPcs"/> for one committed polynomial at p points: the proximity-test row
/// γᵀM, one combined row eq(r_hi⁽ʲ⁾)ᵀM per point, the opened codeword columns (at the sorted distinct query
/// positions), the Merkle multiproof siblings for them and the proof-of-work nonce found before the queries.
/// </summary>
/// <remarks>
/// <para>Binary layout, version 2 (all integers little-endian; <see cref="ToBytes"/> / <see cref="TryParse"/>):</para>
/// <code>
/// magic "PPCS" (4 bytes) ‖ u8 version = 2 (3: no proximity row, see below)
/// u32 k            row length (2^c)
/// u32 p            number of points (1 … 4096)
/// (p + 1)·k × 16   proximity row, then the combined row of each point; GoldilocksExt2 (c0 ‖ c1, 8 bytes each)
/// u64 nonce        proof-of-work nonce (0 when the parameters have no grinding; <see cref="ProofOfWork"/>)
/// u32 d            opened columns (1 … 4096)
/// u32 h            column height (rows, 2^(n − c))
/// d·h × 8          columns in ascending position order, each top to bottom; canonical Goldilocks
/// u32 s            Merkle siblings (≤ d·30)
/// s × 32           sibling hashes in multiproof order
/// </code>
/// <para>Every count is checked against the bytes that remain before anything is allocated, every field element
/// must be canonical (&lt; p), and trailing bytes are refused. Version 1 is the same without the nonce (read as 0).
/// Version 3 is version 2 without the proximity row (p·k elements of rows): the opening at a random point whose combined
/// row doubles as the proximity test (<see cref="MultilinearPcs.OpenAtRandomPoint"/>); <see cref="ToBytes"/> writes it
/// exactly when <see cref="ProximityRow"/> is empty. The verifier then checks each count against the parameters implied
/// by the commitment, and which of the two forms it expects.</para>
/// </remarks>
public sealed class PcsOpeningProof
{
    /// <summary>Encoding version of a proof with a proximity row.</summary>
    public const byte Version = 2;

    /// <summary>Encoding version of a proof without a proximity row (the combined row is the proximity test).</summary>
    public const byte TensorProximityVersion = 3;

    /// <summary>Most points one proof may open.</summary>
    public const int MaxPoints = 4096;

    /// <summary>Most distinct columns one proof may open.</summary>
    public const int MaxColumns = 4096;

    private static ReadOnlySpan<byte> Magic => "PPCS"u8;

    /// <summary>Creates a proof from its parts (not validated: the verifier checks every shape).</summary>
    public PcsOpeningProof(GoldilocksExt2[] proximityRow, GoldilocksExt2[][] combinedRows, Goldilocks[][] columns, byte[][] siblings)
        : this(proximityRow, combinedRows, columns, siblings, 0)
    {
    }

    /// <summary>Creates a proof from its parts and the proof-of-work nonce (not validated: the verifier checks every shape).</summary>
    public PcsOpeningProof(GoldilocksExt2[] proximityRow, GoldilocksExt2[][] combinedRows, Goldilocks[][] columns, byte[][] siblings, ulong nonce)
    {
        Nonce = nonce;
        ProximityRow = proximityRow;
        CombinedRows = combinedRows;
        Columns = columns;
        Siblings = siblings;
    }

    /// <summary>γᵀM for the verifier's random coefficient vector γ (k entries), or empty when the combined row of a random point is the proximity test.</summary>
    public GoldilocksExt2[] ProximityRow { get; }

    /// <summary>eq(r_hi⁽ʲ⁾)ᵀM for each opened point j (p rows of k entries).</summary>
    public GoldilocksExt2[][] CombinedRows { get; }

    /// <summary>The opened codeword columns, ascending by position (d columns of 2^(n − c) entries).</summary>
    public Goldilocks[][] Columns { get; }

    /// <summary>The proof-of-work nonce (0 when the parameters have no grinding).</summary>
    public ulong Nonce { get; }

    /// <summary>Merkle multiproof sibling hashes (32 bytes each).</summary>
    public byte[][] Siblings { get; }

    /// <summary>The serialized size in bytes.</summary>
    public long EncodedLength =>
        4 + 1 + 4 + 4 + (long)(CombinedRows.Length + (ProximityRow.Length > 0 ? 1 : 0)) * RowLength * 16 + 8 + 4 + 4 +
        Columns.Sum(c => (long)c.Length * 8) + 4 + Siblings.Length * 32L;

    private int RowLength => ProximityRow.Length > 0 ? ProximityRow.Length : CombinedRows.Length > 0 ? CombinedRows[0].Length : 0;

    /// <summary>Serializes (see the remarks).</summary>
    /// <exception cref="InvalidOperationException">The parts have inconsistent lengths.</exception>
    public byte[] ToBytes()
    {
        int k = RowLength, h = Columns.Length == 0 ? 0 : Columns[0].Length;
        if (CombinedRows.Any(r => r.Length != k) || Columns.Any(c => c.Length != h) || Siblings.Any(s => s.Length != 32))
            throw new InvalidOperationException("PCS opening proof: rows, columns or siblings have inconsistent lengths.");
        var buffer = new byte[EncodedLength];
        var w = buffer.AsSpan();
        Magic.CopyTo(w);
        w[4] = ProximityRow.Length > 0 ? Version : TensorProximityVersion;
        int o = 5;
        o = PutU32(w, o, k);
        o = PutU32(w, o, CombinedRows.Length);
        foreach (var row in ProximityRow.Length > 0 ? CombinedRows.Prepend(ProximityRow) : CombinedRows)
        {
            foreach (var e in row)
            {
                e.WriteTo(w[o..]);
                o += GoldilocksExt2.Size;
            }
        }
        BinaryPrimitives.WriteUInt64LittleEndian(w[o..], Nonce);
        o += 8;
        o = PutU32(w, o, Columns.Length);
        o = PutU32(w, o, h);
        foreach (var column in Columns)
        {
            foreach (var e in column)
            {
                e.WriteTo(w[o..]);
                o += Goldilocks.Size;
            }
        }
        o = PutU32(w, o, Siblings.Length);
        foreach (var s in Siblings)
        {
            s.CopyTo(w[o..]);
            o += 32;
        }
        return buffer;
    }

    /// <summary>
    /// Parses the version-3, version-2 (or version-1) encoding. Returns false with a reason naming the field and byte offset for anything
    /// malformed (truncation, oversized counts, non-canonical elements, trailing bytes); never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out PcsOpeningProof? proof, out string reason)
    {
        proof = null;
        var r = new Reader(bytes);
        if (bytes.Length < 5 || !bytes[..4].SequenceEqual(Magic))
            return Fail(out reason, "magic", 0, "\"PPCS\"");
        if (bytes[4] is not (1 or Version or TensorProximityVersion))
            return Fail(out reason, "version", 4, $"version 1, {Version} or {TensorProximityVersion}, found {bytes[4]}");
        int proximityRows = bytes[4] == TensorProximityVersion ? 0 : 1;
        r.Offset = 5;
        if (!r.U32(out uint k) || k == 0 || k > 1u << 28) return Fail(out reason, "row length k", r.Offset, "1 … 2^28");
        if (!r.U32(out uint p) || p == 0 || p > MaxPoints) return Fail(out reason, "point count p", r.Offset, $"1 … {MaxPoints}");
        long rowCount = p + proximityRows;
        if (rowCount * k * GoldilocksExt2.Size > r.Remaining) return Fail(out reason, "rows", r.Offset, $"{rowCount * k * 16} bytes of rows, {r.Remaining} remain");
        var rows = new GoldilocksExt2[rowCount][];
        for (int j = 0; j < rowCount; j++)
        {
            rows[j] = new GoldilocksExt2[k];
            for (int i = 0; i < k; i++)
            {
                if (!GoldilocksExt2.TryRead(r.Take(GoldilocksExt2.Size), out rows[j][i]))
                    return Fail(out reason, $"row {j} element {i}", r.Offset - GoldilocksExt2.Size, "canonical field elements (< p)");
            }
        }
        ulong nonce = 0;
        if (bytes[4] != 1 && !r.U64(out nonce)) return Fail(out reason, "proof-of-work nonce", r.Offset, "8 bytes");
        if (!r.U32(out uint d) || d == 0 || d > MaxColumns) return Fail(out reason, "column count d", r.Offset, $"1 … {MaxColumns}");
        if (!r.U32(out uint h) || h == 0 || h > 1u << 30) return Fail(out reason, "column height h", r.Offset, "1 … 2^30");
        if ((long)d * h * Goldilocks.Size > r.Remaining) return Fail(out reason, "columns", r.Offset, $"{(long)d * h * 8} bytes of columns, {r.Remaining} remain");
        var columns = new Goldilocks[d][];
        for (int j = 0; j < d; j++)
        {
            columns[j] = new Goldilocks[h];
            for (int i = 0; i < h; i++)
            {
                if (!Goldilocks.TryRead(r.Take(Goldilocks.Size), out columns[j][i]))
                    return Fail(out reason, $"column {j} element {i}", r.Offset - Goldilocks.Size, "canonical field elements (< p)");
            }
        }
        if (!r.U32(out uint s) || s > d * 30L) return Fail(out reason, "sibling count s", r.Offset, $"0 … {d * 30L}");
        if (s * 32L != r.Remaining) return Fail(out reason, "siblings", r.Offset, $"exactly {s * 32L} bytes of siblings and nothing after, {r.Remaining} remain");
        var siblings = new byte[s][];
        for (int j = 0; j < s; j++) siblings[j] = r.Take(32).ToArray();
        proof = proximityRows == 1
            ? new PcsOpeningProof(rows[0], rows[1..], columns, siblings, nonce)
            : new PcsOpeningProof([], rows, columns, siblings, nonce);
        reason = "";
        return true;
    }

    private static bool Fail(out string reason, string field, long offset, string expected)
    {
        reason = $"PCS opening proof: {field} at byte {offset}: expected {expected}";
        return false;
    }

    private static int PutU32(Span<byte> w, int o, int value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(w[o..], (uint)value);
        return o + 4;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Offset;

        public readonly long Remaining => _data.Length - Offset;

        public bool U32(out uint value)
        {
            value = 0;
            if (Remaining < 4) return false;
            value = BinaryPrimitives.ReadUInt32LittleEndian(_data[Offset..]);
            Offset += 4;
            return true;
        }

        public bool U64(out ulong value)
        {
            value = 0;
            if (Remaining < 8) return false;
            value = BinaryPrimitives.ReadUInt64LittleEndian(_data[Offset..]);
            Offset += 8;
            return true;
        }

        /// <summary>Takes n bytes the caller has already checked are there.</summary>
        public ReadOnlySpan<byte> Take(int n)
        {
            var s = _data.Slice(Offset, n);
            Offset += n;
            return s;
        }
    }
}
