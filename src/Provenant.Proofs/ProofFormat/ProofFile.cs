using Provenant.Proofs.Commitment;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// The versioned binary proof file (docs/proof-system.md §Proof file):
/// <code>
/// magic "PVNPROOF" (8 bytes) ‖ u16 version = 2
/// statement (ProofStatement encoding)
/// u32 length (≤ 16 MiB) ‖ model skeleton (ONNX bytes, see ModelSkeleton)
/// u8 has-advice ‖ [u32 length ‖ PCS commitment]
/// u32 step count (≤ 65536) ‖ steps (LayerMessages encoding)
/// u32 length ‖ weight opening ‖ u32 length ‖ advice opening
/// (nothing after)
/// </code>
/// All integers little-endian. <see cref="TryParse"/> bounds every length by the bytes left before allocating and
/// rejects trailing bytes; it never throws on garbage.
/// </summary>
public static class ProofFile
{
    /// <summary>The 8-byte magic.</summary>
    public static ReadOnlySpan<byte> Magic => "PVNPROOF"u8;

    /// <summary>
    /// The format version this code writes and reads. Version 2 (protocol <c>provenant/inference-proof/v2</c>): one tagged
    /// logUp step for all range tables, a merge step before each opening under the conjectured profile, and openings without
    /// a proximity row there (PCS opening encoding version 3). Version 1 proofs are refused with a reason (re-prove them).
    /// </summary>
    public const int Version = 2;

    /// <summary>Most protocol steps a proof may have.</summary>
    public const int MaxSteps = 1 << 16;

    /// <summary>Largest PCS opening accepted (64 MiB).</summary>
    public const int MaxOpeningBytes = 64 << 20;

    /// <summary>Largest proof file accepted (256 MiB).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Encodes <paramref name="proof"/>.</summary>
    public static byte[] ToBytes(InferenceProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var w = new ProofWriter();
        w.Bytes(Magic);
        w.U16(Version);
        proof.Statement.WriteTo(w);
        w.Block(proof.Model);
        w.U8(proof.AdviceCommitment is null ? 0 : 1);
        if (proof.AdviceCommitment is { } c) w.Block(c.ToBytes());
        w.U32(proof.Steps.Count);
        foreach (var s in proof.Steps) s.WriteTo(w);
        w.Block(proof.WeightOpening);
        w.Block(proof.AdviceOpening);
        return w.ToArray();
    }

    /// <summary>Parses a proof file; false with the reason (field and byte offset) for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out InferenceProof? proof, out string reason)
    {
        proof = null;
        var r = new ProofReader(bytes);
        proof = Read(ref r);
        if (proof is not null && !r.AtEnd)
        {
            r.Fail($"{r.Remaining} trailing bytes after the proof");
            proof = null;
        }
        reason = proof is null ? "proof file: " + (r.Error ?? "malformed") : "";
        return proof is not null;
    }

    private static InferenceProof? Read(ref ProofReader r)
    {
        if (!r.Bytes(8, "magic", out var magic)) return null;
        if (!magic.SequenceEqual(Magic)) { r.Fail("magic: not a Provenant proof (expected \"PVNPROOF\")"); return null; }
        if (!r.U16("version", out int version)) return null;
        if (version == 1) { r.Fail($"version: 1 is an older protocol (one logUp per range table, openings with a proximity row) that this build no longer verifies; re-prove with this build (version {Version})"); return null; }
        if (version != Version) { r.Fail($"version: {version} is not supported (this build reads version {Version})"); return null; }
        var statement = ProofStatement.Read(ref r);
        if (statement is null) return null;
        if (!r.Block("model skeleton", ModelSkeleton.MaxBytes, out var skeleton)) return null;
        var model = skeleton.ToArray();
        if (!r.U8("advice flag", out int hasAdvice)) return null;
        if (hasAdvice > 1) { r.Fail($"advice flag: {hasAdvice} is not 0 or 1"); return null; }
        PcsCommitment? advice = null;
        if (hasAdvice == 1)
        {
            if (!r.Block("advice commitment", 64, out var cb)) return null;
            if (!PcsCommitment.TryParse(cb, out advice, out var why)) { r.Fail("advice commitment: " + why); return null; }
        }
        if (!r.U32("step count", MaxSteps, out int count)) return null;
        if (count * 3L > r.Remaining) { r.Fail($"step count: {count} steps cannot fit the {r.Remaining} bytes left"); return null; }
        var steps = new LayerMessages[count];
        for (int i = 0; i < count; i++)
        {
            var s = LayerMessages.Read(ref r, $"step {i}");
            if (s is null) return null;
            steps[i] = s;
        }
        if (!r.Block("weight opening", MaxOpeningBytes, out var weights)) return null;
        var weightBytes = weights.ToArray();
        if (!r.Block("advice opening", MaxOpeningBytes, out var adviceOpening)) return null;
        return new InferenceProof(statement, model, advice, steps, weightBytes, adviceOpening.ToArray());
    }
}
