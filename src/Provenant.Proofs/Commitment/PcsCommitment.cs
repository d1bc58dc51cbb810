using Provenant.Core.Hashing;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// A commitment to a multilinear polynomial in n variables: the Merkle root over the Reed–Solomon-encoded columns of
/// its evaluation matrix (<see cref="MultilinearPcs"/>). The matrix shape, rate and query count follow from n
/// and the security profile (<see cref="PcsParameters.For(int, PcsSecurityProfile)"/>), so (root, n, profile) is the
/// whole commitment.
/// </summary>
/// <remarks>
/// Binary encoding, version 2 (40 bytes, <see cref="ToBytes"/> / <see cref="TryParse"/>): u8 version = 2 ‖ u8 n ‖
/// 32-byte root ‖ u8 log2(1/ρ) ‖ u16 LE t ‖ u8 c (the matrix column variables) ‖ u8 profile (1 provable,
/// 2 conjectured) ‖ u8 g (proof-of-work bits) — everything after the root repeats the parameters so that a
/// commitment made under other parameters is refused instead of failing every opening. Version 1 (the first 38
/// bytes, no profile or g) is still read, as the provable profile.
/// </remarks>
public sealed record PcsCommitment
{
    /// <summary>Encoding version.</summary>
    public const byte Version = 2;

    /// <summary>Length of <see cref="ToBytes"/>.</summary>
    public const int EncodedLength = 2 + 32 + 6;

    private const int Version1Length = 2 + 32 + 4;

    /// <summary>Creates a commitment under the default profile (<see cref="PcsParameters.DefaultProfile"/>).</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes or n is out of range.</exception>
    public PcsCommitment(byte[] root, int variableCount) : this(root, variableCount, PcsParameters.DefaultProfile)
    {
    }

    /// <summary>Creates a commitment made under <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes, n is out of range or the profile is unknown.</exception>
    public PcsCommitment(byte[] root, int variableCount, PcsSecurityProfile profile)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Length != 32) throw new ArgumentException($"PCS commitment: root must be 32 bytes, found {root.Length}.", nameof(root));
        if (!Enum.IsDefined(profile)) throw new ArgumentException($"PCS commitment: unknown security profile {(int)profile}.", nameof(profile));
        ArgumentOutOfRangeException.ThrowIfNegative(variableCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(variableCount, PcsParameters.MaxVariablesOf(profile));
        Root = (byte[])root.Clone();
        VariableCount = variableCount;
        Profile = profile;
    }

    /// <summary>The security profile the polynomial was committed under (it fixes rate, queries and grinding).</summary>
    public PcsSecurityProfile Profile { get; }

    /// <summary>The 32-byte Merkle root over the encoded columns.</summary>
    public byte[] Root { get; }

    /// <summary>n, the number of variables (2^n committed evaluations).</summary>
    public int VariableCount { get; }

    /// <summary>The parameters implied by n.</summary>
    public PcsParameters Parameters => PcsParameters.For(VariableCount, Profile);

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
        b[38] = (byte)Profile;
        b[39] = (byte)p.GrindingBits;
        return b;
    }

    /// <summary>Parses <see cref="ToBytes"/>; false with a reason for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out PcsCommitment? commitment, out string reason)
    {
        commitment = null;
        int version = bytes.Length > 0 ? bytes[0] : -1;
        if (version is not (1 or Version))
        {
            reason = $"PCS commitment: unsupported version {version} (expected 1 or {Version})";
            return false;
        }
        int length = version == 1 ? Version1Length : EncodedLength;
        if (bytes.Length != length)
        {
            reason = $"PCS commitment: expected {length} bytes for version {version}, found {bytes.Length}";
            return false;
        }
        var profile = version == 1 ? PcsSecurityProfile.Provable : (PcsSecurityProfile)bytes[38];
        if (!Enum.IsDefined(profile))
        {
            reason = $"PCS commitment: unknown security profile {bytes[38]} (expected 1 provable or 2 conjectured)";
            return false;
        }
        int n = bytes[1];
        if (n > PcsParameters.MaxVariablesOf(profile))
        {
            reason = $"PCS commitment: {n} variables exceed the maximum {PcsParameters.MaxVariablesOf(profile)}";
            return false;
        }
        var c = new PcsCommitment(bytes.Slice(2, 32).ToArray(), n, profile);
        if (!bytes[34..].SequenceEqual(c.ToBytes().AsSpan(34, length - 34)))
        {
            reason = $"PCS commitment: parameters (rate, queries, columns, grinding) differ from {c.Parameters.Scheme}";
            return false;
        }
        commitment = c;
        reason = "";
        return true;
    }

    /// <inheritdoc />
    public bool Equals(PcsCommitment? other) =>
        other is not null && VariableCount == other.VariableCount && Profile == other.Profile && Root.AsSpan().SequenceEqual(other.Root);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(VariableCount, Root[0], Root[1], Root[2], Root[3]);
}
