using System.Buffers.Binary;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// A proof of <see cref="BatchedOpening"/>: the degree-2 sumcheck reducing p evaluation claims on one committed
/// polynomial to a single point r, the value f̃(r), and the one-point <see cref="PcsOpeningProof"/> at r.
/// </summary>
/// <remarks>
/// <para>Binary layout, version 1 (integers little-endian):</para>
/// <code>
/// magic "PPCB" (4 bytes) ‖ u8 version = 1
/// u32 n              sumcheck rounds (= the polynomial's variable count, ≤ 30)
/// n × 3 × 16         round polynomial s_i at 0, 1, 2 (GoldilocksExt2, canonical)
/// 16                 f̃(r)
/// u32 m ‖ m bytes    the PcsOpeningProof at r (its own version-1 encoding), exactly the rest of the input
/// </code>
/// </remarks>
public sealed class BatchedOpeningProof
{
    /// <summary>Encoding version.</summary>
    public const byte Version = 1;

    private static ReadOnlySpan<byte> Magic => "PPCB"u8;

    /// <summary>Creates a proof from its parts (the verifier checks every shape).</summary>
    public BatchedOpeningProof(GoldilocksExt2[][] roundEvaluations, GoldilocksExt2 finalValue, PcsOpeningProof opening)
    {
        RoundEvaluations = roundEvaluations;
        FinalValue = finalValue;
        Opening = opening;
    }

    /// <summary>For each round i, (s_i(0), s_i(1), s_i(2)).</summary>
    public GoldilocksExt2[][] RoundEvaluations { get; }

    /// <summary>The claimed f̃(r) at the sumcheck's final point.</summary>
    public GoldilocksExt2 FinalValue { get; }

    /// <summary>The PCS opening of f at r.</summary>
    public PcsOpeningProof Opening { get; }

    /// <summary>Serializes (see the remarks).</summary>
    /// <exception cref="InvalidOperationException">A round does not hold three evaluations.</exception>
    public byte[] ToBytes()
    {
        if (RoundEvaluations.Any(r => r.Length != 3)) throw new InvalidOperationException("batched opening: every round needs 3 evaluations.");
        var inner = Opening.ToBytes();
        int size = 4 + 1 + 4 + RoundEvaluations.Length * 3 * GoldilocksExt2.Size + GoldilocksExt2.Size + 4 + inner.Length;
        var buffer = new byte[size];
        var w = buffer.AsSpan();
        Magic.CopyTo(w);
        w[4] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(w[5..], (uint)RoundEvaluations.Length);
        int o = 9;
        foreach (var e in RoundEvaluations.SelectMany(r => r).Append(FinalValue))
        {
            e.WriteTo(w[o..]);
            o += GoldilocksExt2.Size;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(w[o..], (uint)inner.Length);
        inner.CopyTo(w[(o + 4)..]);
        return buffer;
    }

    /// <summary>Parses the version-1 encoding; false with a reason (field and byte offset) for anything malformed. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out BatchedOpeningProof? proof, out string reason)
    {
        proof = null;
        if (bytes.Length < 9 || !bytes[..4].SequenceEqual(Magic)) return Fail(out reason, "magic", 0, "\"PPCB\"");
        if (bytes[4] != Version) return Fail(out reason, "version", 4, $"version {Version}, found {bytes[4]}");
        uint n = BinaryPrimitives.ReadUInt32LittleEndian(bytes[5..]);
        if (n > PcsParameters.MaxVariables) return Fail(out reason, "round count", 5, $"at most {PcsParameters.MaxVariables}");
        long fixedPart = 9 + (n * 3 + 1) * GoldilocksExt2.Size + 4;
        if (bytes.Length < fixedPart) return Fail(out reason, "rounds", 9, $"{fixedPart} bytes before the opening, {bytes.Length} present");
        var rounds = new GoldilocksExt2[n][];
        int o = 9;
        for (int i = 0; i < n; i++)
        {
            rounds[i] = new GoldilocksExt2[3];
            for (int j = 0; j < 3; j++, o += GoldilocksExt2.Size)
            {
                if (!GoldilocksExt2.TryRead(bytes[o..], out rounds[i][j])) return Fail(out reason, $"round {i} evaluation {j}", o, "a canonical field element");
            }
        }
        if (!GoldilocksExt2.TryRead(bytes[o..], out var final)) return Fail(out reason, "final value", o, "a canonical field element");
        o += GoldilocksExt2.Size;
        uint m = BinaryPrimitives.ReadUInt32LittleEndian(bytes[o..]);
        o += 4;
        if (m != bytes.Length - o) return Fail(out reason, "opening length", o - 4, $"{bytes.Length - o} (the rest of the input), found {m}");
        if (!PcsOpeningProof.TryParse(bytes[o..], out var opening, out var inner))
        {
            reason = "batched opening: " + inner;
            return false;
        }
        proof = new BatchedOpeningProof(rounds, final, opening!);
        reason = "";
        return true;
    }

    private static bool Fail(out string reason, string field, long offset, string expected)
    {
        reason = $"batched opening proof: {field} at byte {offset}: expected {expected}";
        return false;
    }
}
