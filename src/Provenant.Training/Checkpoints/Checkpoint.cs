using System.Buffers.Binary;
using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Training.Checkpoints;

/// <summary>
/// The complete state of a training run after <see cref="Step"/> steps: parameters and optimiser state.
/// Resuming from it and running steps k…m reproduces a straight run bit for bit. Canonical encoding
/// (little-endian, no padding, one encoding per state; its SHA-256 is <see cref="Hash"/>):
/// <code>
/// "PVNTCKPT"            8 bytes magic
/// version               u32 = 1
/// architecture digest   32 bytes (SHA-256 of the network description)
/// config digest         32 bytes (SHA-256 of the configuration's canonical JSON)
/// step                  u64, steps completed
/// parameter count P     u32
/// parameters            P × float32
/// optimizer kind        u8 (1 SGD with momentum, 2 Adam)
/// scalar count S        u32, then S × float64 (Adam: β1^t, β2^t)
/// vector count V        u32, then V × P × float32 (SGD: velocity; Adam: m, v)
/// </code>
/// </summary>
public sealed class Checkpoint
{
    /// <summary>The format version written and accepted.</summary>
    public const uint Version = 1;

    /// <summary>Most parameters accepted when reading.</summary>
    public const int MaxParameters = 1 << 28;

    private static readonly byte[] Magic = "PVNTCKPT"u8.ToArray();

    /// <summary>Creates a checkpoint (arrays are kept, not copied).</summary>
    /// <exception cref="ArgumentException">A digest is not 32 bytes or a state vector's length differs from the parameters'.</exception>
    public Checkpoint(long step, byte[] architectureDigest, byte[] configDigest, float[] parameters, byte optimizerKind, double[] scalars, float[][] state)
    {
        if (architectureDigest.Length != 32 || configDigest.Length != 32)
        {
            throw new ArgumentException("digests are 32-byte SHA-256 values");
        }
        if (state.Any(v => v.Length != parameters.Length))
        {
            throw new ArgumentException("every optimizer state vector has one value per parameter", nameof(state));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Step = step;
        ArchitectureDigest = architectureDigest;
        ConfigDigest = configDigest;
        Parameters = parameters;
        OptimizerKind = optimizerKind;
        Scalars = scalars;
        State = state;
    }

    /// <summary>Steps completed.</summary>
    public long Step { get; }

    /// <summary>SHA-256 of the network description the parameters belong to.</summary>
    public byte[] ArchitectureDigest { get; }

    /// <summary>SHA-256 of the canonical configuration JSON.</summary>
    public byte[] ConfigDigest { get; }

    /// <summary>The flat parameter vector.</summary>
    public float[] Parameters { get; }

    /// <summary>Optimiser tag (1 SGD with momentum, 2 Adam).</summary>
    public byte OptimizerKind { get; }

    /// <summary>Optimiser scalar state.</summary>
    public double[] Scalars { get; }

    /// <summary>Optimiser per-parameter state vectors.</summary>
    public float[][] State { get; }

    /// <summary>The canonical encoding (see the class remarks).</summary>
    public byte[] ToBytes()
    {
        var p = Parameters.Length;
        var size = 8 + 4 + 32 + 32 + 8 + 4 + 4L * p + 1 + 4 + 8L * Scalars.Length + 4 + 4L * p * State.Length;
        var bytes = new byte[checked((int)size)];
        var o = 0;
        Encode(part =>
        {
            part.CopyTo(bytes.AsSpan(o));
            o += part.Length;
        });
        return bytes;
    }

    /// <summary>SHA-256 of <see cref="ToBytes"/>, streamed through one hash context (the encoding is never built).</summary>
    public byte[] Hash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Encode(sha.AppendData);
        return sha.GetHashAndReset();
    }

    /// <summary>Hands the canonical encoding to <paramref name="write"/> in order, in parts (each valid during the call):
    /// the one definition of the layout, for <see cref="ToBytes"/> and <see cref="Hash"/>.</summary>
    private void Encode(Action<ReadOnlySpan<byte>> write)
    {
        Span<byte> head = stackalloc byte[8 + 4 + 32 + 32 + 8 + 4];
        Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], Version);
        ArchitectureDigest.CopyTo(head[12..]);
        ConfigDigest.CopyTo(head[44..]);
        BinaryPrimitives.WriteInt64LittleEndian(head[76..], Step);
        BinaryPrimitives.WriteInt32LittleEndian(head[84..], Parameters.Length);
        write(head);
        WriteFloats(write, Parameters);
        Span<byte> field = stackalloc byte[8];
        field[0] = OptimizerKind;
        BinaryPrimitives.WriteInt32LittleEndian(field[1..], Scalars.Length);
        write(field[..5]);
        foreach (var scalar in Scalars)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(field, scalar);
            write(field);
        }
        BinaryPrimitives.WriteInt32LittleEndian(field, State.Length);
        write(field[..4]);
        foreach (var v in State) WriteFloats(write, v);
    }

    /// <summary>Writes the encoding to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ProvenantException">The file cannot be written (exit code 4).</exception>
    public void Write(string path) => AtomicFile.Write(path, ToBytes());

    /// <summary>Reads a checkpoint file (at most 4 GiB minus one byte).</summary>
    /// <exception cref="ProvenantFormatException">Truncated, oversized or non-canonical data (names the field and offset).</exception>
    public static Checkpoint Read(string path) => Read(path, out _);

    /// <summary>Reads a checkpoint file and gives the SHA-256 of its bytes, which for a file that parses is at least as
    /// strict as <see cref="Hash"/> of the result (equal for the canonical encoding the trainer writes).</summary>
    internal static Checkpoint Read(string path, out byte[] fileSha256)
    {
        var bytes = BoundedFile.ReadAll(path, "checkpoint", int.MaxValue);
        var checkpoint = Parse(bytes, path);
        fileSha256 = SHA256.HashData(bytes);
        return checkpoint;
    }

    /// <summary>Decodes the canonical encoding; every count is checked against the bytes left before anything is allocated, and trailing bytes are rejected.</summary>
    /// <exception cref="ProvenantFormatException">The data is not a version-1 checkpoint.</exception>
    public static Checkpoint Parse(ReadOnlySpan<byte> data, string source)
    {
        var r = new CheckpointReader(data, source);
        if (!r.Bytes(8, "magic").SequenceEqual(Magic))
        {
            throw r.Fail("magic", "\"PVNTCKPT\"", 0);
        }
        var version = r.UInt32("version");
        if (version != Version)
        {
            throw r.Fail("version", $"{Version}", 8, $"{version}");
        }
        var arch = r.Bytes(32, "architecture digest").ToArray();
        var config = r.Bytes(32, "config digest").ToArray();
        var step = r.Int64("step");
        var count = r.Count("parameter count", 4, MaxParameters);
        var parameters = r.Floats(count, "parameters");
        var kind = r.Bytes(1, "optimizer kind")[0];
        if (kind is not (1 or 2))
        {
            throw r.Fail("optimizer kind", "1 (SGD) or 2 (Adam)", r.Offset - 1, $"{kind}");
        }
        var scalars = new double[r.Count("scalar count", 8, 16)];
        for (var i = 0; i < scalars.Length; i++)
        {
            scalars[i] = BinaryPrimitives.ReadDoubleLittleEndian(r.Bytes(8, $"scalar[{i}]"));
        }
        var vectors = r.Count("vector count", 4L * count, 16);
        var state = new float[vectors][];
        for (var i = 0; i < vectors; i++)
        {
            state[i] = r.Floats(count, $"state vector {i}");
        }
        r.End();
        return new Checkpoint(step, arch, config, parameters, kind, scalars, state);
    }

    private static void WriteFloats(Action<ReadOnlySpan<byte>> write, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        Span<byte> f = stackalloc byte[4];
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(f, v);
            write(f);
        }
    }
}
