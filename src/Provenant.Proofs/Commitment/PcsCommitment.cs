using Provenant.Core.Hashing;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// A commitment to a multilinear polynomial in n variables: the Merkle root over the Reed–Solomon-encoded columns of
/// its evaluation matrix (<see cref="MultilinearPcs"/>). The matrix shape, rate and query count follow from n
/// (<see cref="PcsParameters.For(int)"/>), so (root, n) is the whole commitment.
/// </summary>
/// <remarks>
/// Binary encoding (38 bytes, <see cref="ToBytes"/> / <see cref="TryParse"/>): u8 version = 1 ‖ u8 n ‖ 32-byte root ‖
/// u8 log2(1/ρ) ‖ u16 LE t ‖ u8 c (the matrix column variables) — the last three repeat the parameters so that a
/// commitment made under other parameters is refused instead of failing every opening.
/// </remarks>
public sealed record PcsCommitment
{
    /// <summary>Encoding version.</summary>
    public const byte Version = 1;

    /// <summary>Length of <see cref="ToBytes"/>.</summary>
    public const int EncodedLength = 2 + 32 + 4;

    /// <summary>Creates a commitment.</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes or n is out of range.</exception>
    public PcsCommitment(byte[] root, int variableCount)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Length != 32) throw new ArgumentException($"PCS commitment: root must be 32 bytes, found {root.Length}.", nameof(root));
        ArgumentOutOfRangeException.ThrowIfNegative(variableCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(variableCount, PcsParameters.MaxVariables - PcsParameters.DefaultRateLog);
        Root = (byte[])root.Clone();
        VariableCount = variableCount;
    }

    /// <summary>The 32-byte Merkle root over the encoded columns.</summary>
    public byte[] Root { get; }

    /// <summary>n, the number of variables (2^n committed evaluations).</summary>
    public int VariableCount { get; }

    /// <summary>The parameters implied by n.</summary>
    public PcsParameters Parameters => PcsParameters.For(VariableCount);

    /// <summary>The root as lower-case hex.</summary>
    public string RootHex => Hex.Encode(Root);

    /// <summary>The canonical binary encoding (see the remarks).</summary>
    public byte[] ToBytes()
    {
        var p = Parameters;
        var b = new byte[EncodedLength];
        b[0] = Version;
        b[1] = (byte)VariableCount;
        Root.CopyTo(b, 2);
        b[34] = (byte)p.RateLog;
        b[35] = (byte)p.QueryCount;
        b[36] = (byte)(p.QueryCount >> 8);
        b[37] = (byte)p.ColumnVariables;
        return b;
    }

    /// <summary>Parses <see cref="ToBytes"/>; false with a reason for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out PcsCommitment? commitment, out string reason)
    {
        commitment = null;
        if (bytes.Length != EncodedLength)
        {
            reason = $"PCS commitment: expected {EncodedLength} bytes, found {bytes.Length}";
            return false;
        }
        if (bytes[0] != Version)
        {
            reason = $"PCS commitment: unsupported version {bytes[0]} (expected {Version})";
            return false;
        }
        int n = bytes[1];
        if (n > PcsParameters.MaxVariables - PcsParameters.DefaultRateLog)
        {
            reason = $"PCS commitment: {n} variables exceed the maximum {PcsParameters.MaxVariables - PcsParameters.DefaultRateLog}";
            return false;
        }
        var c = new PcsCommitment(bytes.Slice(2, 32).ToArray(), n);
        if (!bytes[34..].SequenceEqual(c.ToBytes().AsSpan(34)))
        {
            reason = $"PCS commitment: parameters (rate, queries, columns) differ from {c.Parameters.Scheme}";
            return false;
        }
        commitment = c;
        reason = "";
        return true;
    }

    /// <inheritdoc />
    public bool Equals(PcsCommitment? other) =>
        other is not null && VariableCount == other.VariableCount && Root.AsSpan().SequenceEqual(other.Root);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(VariableCount, Root[0], Root[1], Root[2], Root[3]);
}
