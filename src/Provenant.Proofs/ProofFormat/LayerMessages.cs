using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// The prover's messages for one step of the proof (a layer, or a claim merge): its sumchecks and its field values in
/// the order the protocol sends them. Encoding (docs/proof-system.md §Layer messages): u8 sumcheck count (≤ 128), each
/// sumcheck as u8 rounds ‖ u8 values per round ‖ values; u16 value count (≤ 4096) ‖ values; every value 16 bytes
/// (two canonical little-endian Goldilocks coordinates).
/// </summary>
/// <param name="Sumchecks">The sumcheck proofs, in protocol order.</param>
/// <param name="Values">The field values, in protocol order.</param>
public sealed record LayerMessages(IReadOnlyList<SumcheckProof> Sumchecks, IReadOnlyList<GoldilocksExt2> Values)
{
    /// <summary>Most sumchecks one step may carry.</summary>
    public const int MaxSumchecks = 128;

    /// <summary>Most values one step may carry.</summary>
    public const int MaxValues = 4096;

    internal void WriteTo(ProofWriter w)
    {
        w.U8(Sumchecks.Count);
        foreach (var s in Sumchecks) w.Sumcheck(s);
        w.U16(Values.Count);
        foreach (var v in Values) w.Ext(v);
    }

    internal static LayerMessages? Read(ref ProofReader r, string field)
    {
        if (!r.U8(field + " sumcheck count", out int count)) return null;
        if (count > MaxSumchecks) { r.Fail($"{field}: {count} sumchecks exceed {MaxSumchecks}"); return null; }
        var sumchecks = new SumcheckProof[count];
        for (int i = 0; i < count; i++)
        {
            if (!r.Sumcheck($"{field} sumcheck {i}", out var s)) return null;
            sumchecks[i] = s!;
        }
        if (!r.U16(field + " value count", out int n)) return null;
        if (n > MaxValues || (long)n * GoldilocksExt2.Size > r.Remaining) { r.Fail($"{field}: {n} values exceed the limit or the bytes left"); return null; }
        var values = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++)
        {
            if (!r.Ext($"{field} value {i}", out values[i])) return null;
        }
        return new LayerMessages(sumchecks, values);
    }

    /// <summary>Bytes of the encoding.</summary>
    public long EncodedLength => 3 + Sumchecks.Sum(s => 2L + s.ElementCount * GoldilocksExt2.Size) + (long)Values.Count * GoldilocksExt2.Size;
}
