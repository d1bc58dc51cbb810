using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Training.Checkpoints;

namespace Provenant.Training.Log;

/// <summary>
/// Leaf 0 of the training log: what fixes the run before its first step. Canonical encoding (little-endian):
/// <code>
/// kind                  u8 = 0
/// dataset records root  32   (the dataset commitment's recordsRoot)
/// dataset record count  u64
/// config digest         32   (SHA-256 of the configuration's canonical JSON)
/// nonce                 u8 length (≤ 64) ‖ bytes
/// commitment            32   (TrainingCommitment.Compute of the three above)
/// seed                  u64  (TrainingCommitment.SeedOf(commitment))
/// architecture digest   32
/// checkpoint interval K u32  (≥ 1)
/// total steps N         u64  (≥ 1)
/// initial checkpoint    32 state hash ‖ 32 weights root
/// </code>
/// </summary>
/// <param name="DatasetRoot">The dataset commitment's records root.</param>
/// <param name="DatasetRecordCount">The dataset commitment's record count.</param>
/// <param name="ConfigDigest">SHA-256 of the configuration's canonical JSON.</param>
/// <param name="Nonce">Nonce bytes (0 to 64).</param>
/// <param name="Commitment">H(dataset root ‖ config digest ‖ nonce), see <see cref="TrainingCommitment"/>.</param>
/// <param name="Seed">The training seed derived from <paramref name="Commitment"/>.</param>
/// <param name="ArchitectureDigest">SHA-256 of the network description.</param>
/// <param name="CheckpointInterval">A checkpoint follows every K-th step and the last.</param>
/// <param name="TotalSteps">Steps of the run.</param>
/// <param name="Initial">The step-0 checkpoint (weights from the seed, zero optimizer state).</param>
public sealed record LogGenesis(
    byte[] DatasetRoot,
    long DatasetRecordCount,
    byte[] ConfigDigest,
    byte[] Nonce,
    byte[] Commitment,
    ulong Seed,
    byte[] ArchitectureDigest,
    int CheckpointInterval,
    long TotalSteps,
    CheckpointEntry Initial)
{
    /// <summary>Leaf kind byte of the genesis record.</summary>
    public const byte Kind = 0;

    /// <summary>The commitment as lower-case hex.</summary>
    public string CommitmentHex => Hex.Encode(Commitment);

    /// <summary>The canonical encoding (the leaf input).</summary>
    public byte[] ToBytes()
    {
        var b = new byte[1 + 32 + 8 + 32 + 1 + Nonce.Length + 32 + 8 + 32 + 4 + 8 + 64];
        var w = b.AsSpan();
        var o = 0;
        w[o++] = Kind;
        o = Put(w, o, DatasetRoot);
        BinaryPrimitives.WriteInt64LittleEndian(w[o..], DatasetRecordCount);
        o += 8;
        o = Put(w, o, ConfigDigest);
        w[o++] = (byte)Nonce.Length;
        o = Put(w, o, Nonce);
        o = Put(w, o, Commitment);
        BinaryPrimitives.WriteUInt64LittleEndian(w[o..], Seed);
        o += 8;
        o = Put(w, o, ArchitectureDigest);
        BinaryPrimitives.WriteInt32LittleEndian(w[o..], CheckpointInterval);
        o += 4;
        BinaryPrimitives.WriteInt64LittleEndian(w[o..], TotalSteps);
        o += 8;
        o = Put(w, o, Initial.StateHash);
        Put(w, o, Initial.WeightsRoot);
        return b;
    }

    /// <summary>Decodes a genesis record; <paramref name="baseOffset"/> is its offset in <paramref name="source"/> (for messages).</summary>
    /// <exception cref="ProvenantFormatException">Wrong kind, out-of-range counts, truncation or trailing bytes (names the field and offset).</exception>
    public static LogGenesis Parse(ReadOnlySpan<byte> data, string source, int baseOffset = 0)
    {
        var r = new CheckpointReader(data, source, "genesis record", baseOffset);
        var kind = r.Byte("genesis.kind");
        if (kind != Kind) throw r.Fail("genesis.kind", $"{Kind}", 0, $"{kind}");
        var root = r.Bytes(32, "genesis.datasetRoot").ToArray();
        var count = r.Int64("genesis.datasetRecordCount");
        var config = r.Bytes(32, "genesis.configDigest").ToArray();
        var at = r.Offset;
        var nonceLength = r.Byte("genesis.nonce length");
        if (nonceLength > TrainingCommitment.MaxNonceBytes) throw r.Fail("genesis.nonce length", $"at most {TrainingCommitment.MaxNonceBytes}", at, $"{nonceLength}");
        var nonce = r.Bytes(nonceLength, "genesis.nonce").ToArray();
        var commitment = r.Bytes(32, "genesis.commitment").ToArray();
        var seed = BinaryPrimitives.ReadUInt64LittleEndian(r.Bytes(8, "genesis.seed"));
        var arch = r.Bytes(32, "genesis.architectureDigest").ToArray();
        at = r.Offset;
        var interval = r.UInt32("genesis.checkpointInterval");
        if (interval is 0 or > int.MaxValue) throw r.Fail("genesis.checkpointInterval", "1 to 2^31−1", at, $"{interval}");
        at = r.Offset;
        var steps = r.Int64("genesis.totalSteps");
        if (steps < 1) throw r.Fail("genesis.totalSteps", "at least 1", at, $"{steps}");
        var state = r.Bytes(32, "genesis.initial.stateHash").ToArray();
        var weights = r.Bytes(32, "genesis.initial.weightsRoot").ToArray();
        r.End();
        return new LogGenesis(root, count, config, nonce, commitment, seed, arch, (int)interval, steps, new CheckpointEntry(0, state, weights, 0));
    }

    internal static int Put(Span<byte> w, int o, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(w[o..]);
        return o + bytes.Length;
    }
}
