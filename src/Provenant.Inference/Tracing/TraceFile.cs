using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Reads and writes <c>trace.bin</c>, format versions 1 and 2 (layout byte by byte in <c>docs/execution-traces.md</c>):
/// <code>
/// magic 0x89 "PVTRACE" ‖ u32 version (1 or 2) ‖ u32 flags (bit 0: tensors; required in version 2) ‖ model digest[32]
/// ‖ input digest[32] ‖ output digest[32] ‖ u32 node count ‖ node records ‖ root[32]
/// node record (v1) = leaf_input without its tag ‖ leaf hash[32] ‖ (flag bit 0) the tensor encoding of each present output
/// node record (v2) = id, domain, op_type, opset, name, output count ‖ one presence byte per output ‖ leaf hash[32]
///                    ‖ the tensor encoding of each present output
/// </code>
/// The reader never trusts a count: each is bounded by limits and by the bytes left before anything is allocated;
/// it recomputes every tensor digest, every leaf hash and the root, and rejects trailing bytes.
/// </summary>
public static class TraceFile
{
    /// <summary>Writes <paramref name="trace"/> atomically (with its tensors when it has them).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="trace">The trace.</param>
    /// <exception cref="ProvenantException">The file cannot be written (exit code 4).</exception>
    public static void Write(string path, ExecutionTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        AtomicFile.Write(path, s => Write(s, trace));
    }

    /// <summary>Writes <paramref name="trace"/> to a writable, seekable stream at its current position.</summary>
    public static void Write(Stream stream, ExecutionTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var writer = new TraceWriter(stream, trace.ModelDigest, trace.InputDigest, trace.Tensors is not null, trace.Version);
        for (var i = 0; i < trace.Nodes.Count; i++)
        {
            writer.WriteNode(trace.Nodes[i], trace.Tensors?[i]);
        }
        writer.Complete(trace.OutputDigest, trace.Root);
    }

    /// <summary>Reads and checks a trace file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="loadTensors">Keep the output tensors (when the file has them); otherwise they are only hashed and checked.</param>
    /// <exception cref="ProvenantFormatException">The file is malformed, truncated, of an unknown version, or its digests, leaf hashes or root do not match its contents; the message names the offset and field.</exception>
    /// <exception cref="ProvenantException">The file cannot be opened.</exception>
    public static ExecutionTrace Read(string path, bool loadTensors = false)
    {
        using var fs = TraceReader.Open(path);
        return Read(fs, path, loadTensors);
    }

    /// <summary>Reads and checks a trace from a seekable stream, from its current position to its end.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <param name="source">Names the source in messages.</param>
    /// <param name="loadTensors">Keep the output tensors.</param>
    /// <exception cref="ProvenantFormatException">As for <see cref="Read(string, bool)"/>.</exception>
    public static ExecutionTrace Read(Stream stream, string source, bool loadTensors = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("a trace is read from a seekable stream", nameof(stream));
        var r = new TraceReader(stream, source);
        if (r.Remaining < TraceFormat.Magic.Length) throw r.Error("magic", "the 8-byte trace magic 0x89 \"PVTRACE\"", $"a {r.Remaining}-byte file");
        var magic = r.Bytes(TraceFormat.Magic.Length, "magic");
        if (!magic.AsSpan().SequenceEqual(TraceFormat.Magic)) throw r.Error("magic", "0x89 \"PVTRACE\" (89 50 56 54 52 41 43 45)", Hex.Encode(magic), 0);
        var version = r.Read<uint>("version");
        if (version == TraceFormat.Version3) throw r.Error("version", $"version {TraceFormat.Version} or {TraceFormat.Version2} (a version-3 file is a segmented claim trace: it holds only the exports and is read with its model, by provenant dispute)", "3", 8);
        if (!TraceFormat.IsKnownVersion(version)) throw r.Error("version", $"version {TraceFormat.Version} or {TraceFormat.Version2}", version.ToString(CultureInfo.InvariantCulture), 8);
        var flags = r.Read<uint>("flags");
        if ((flags & ~TraceFormat.FlagTensors) != 0) throw r.Error("flags", "only bit 0 (tensors) may be set", $"0x{flags:x8}", 12);
        var hasTensors = (flags & TraceFormat.FlagTensors) != 0;
        if (version == TraceFormat.Version2 && !hasTensors) throw r.Error("flags", "bit 0 (tensors) set: a version-2 leaf hashes the tensors", $"0x{flags:x8}", 12);
        var modelDigest = r.Bytes(32, "model_digest");
        var inputDigest = r.Bytes(32, "input_digest");
        var outputDigest = r.Bytes(32, "output_digest");
        var countAt = r.Position;
        var count = r.Read<uint>("node_count");
        var fits = (r.Remaining - Rfc9162.HashSize) / TraceFormat.MinNodeRecordSize;
        if (count > TraceFormat.MaxNodes || count > fits)
        {
            throw r.Error("node_count", $"at most {Math.Max(0, Math.Min(TraceFormat.MaxNodes, fits))} nodes (the limit and what the remaining {r.Remaining} bytes can hold)",
                count.ToString(CultureInfo.InvariantCulture), countAt);
        }
        var nodes = new List<TraceNode>();
        var tensors = hasTensors && loadTensors ? new List<IReadOnlyList<Tensor?>>() : null;
        for (var i = 0; i < (int)count; i++)
        {
            var (node, header, leafAt) = ReadNode(r, i, (int)version);
            if (hasTensors)
            {
                var ts = ReadTensors(r, node, header, leafAt, loadTensors);
                tensors?.Add(ts!);
            }
            nodes.Add(node);
        }
        var rootAt = r.Position;
        var root = r.Bytes(32, "root");
        if (r.Remaining != 0) throw r.Error("end of file", "no bytes after the root", $"{r.Remaining} trailing byte(s)");
        var trace = new ExecutionTrace(modelDigest, inputDigest, outputDigest, nodes, tensors);
        if (!CryptographicOperations.FixedTimeEquals(trace.Root, root))
        {
            throw r.Error("root", $"the Merkle root of the {count} leaf hashes, {Hex.Encode(trace.Root)}", Hex.Encode(root), rootAt);
        }
        return trace;
    }

    // Version 1: checks the leaf hash against the record's fields. Version 2: returns the leaf prefix (0x00 ‖ tag ‖ the
    // record up to the presence bytes) for ReadTensors, which checks the leaf once it has hashed the tensors.
    private static (TraceNode Node, byte[]? LeafPrefix, long LeafAt) ReadNode(TraceReader r, int index, int version)
    {
        var at = r.Position;
        var f = $"node[{index}]";
        var id = r.Read<uint>(f + ".id");
        if (id != index) throw r.Error(f + ".id", $"{index} (nodes are stored in order)", id.ToString(CultureInfo.InvariantCulture), at);
        var domain = r.String(TraceFormat.MaxOpBytes, f + ".domain");
        var opAt = r.Position;
        var op = r.String(TraceFormat.MaxOpBytes, f + ".op_type");
        if (op.Length == 0) throw r.Error(f + ".op_type", "an operator name", "an empty string", opAt);
        var opsetAt = r.Position;
        var opset = r.Read<uint>(f + ".opset");
        if (opset > int.MaxValue) throw r.Error(f + ".opset", $"at most {int.MaxValue}", opset.ToString(CultureInfo.InvariantCulture), opsetAt);
        var name = r.String(TraceFormat.MaxNameBytes, f + ".name");
        var outAt = r.Position;
        var outputs = r.Read<uint>(f + ".output_count");
        if (outputs > TraceFormat.MaxOutputs || outputs > r.Remaining)
        {
            throw r.Error(f + ".output_count", $"at most {Math.Min(TraceFormat.MaxOutputs, r.Remaining)} outputs", outputs.ToString(CultureInfo.InvariantCulture), outAt);
        }
        var v2 = version == (int)TraceFormat.Version2;
        var digests = new byte[]?[outputs];
        for (var j = 0; j < digests.Length; j++)
        {
            var flagAt = r.Position;
            var present = r.Read<byte>($"{f}.output[{j}].present");
            digests[j] = present switch
            {
                0 => null,
                1 => v2 ? TraceNode.PresentV2 : r.Bytes(32, $"{f}.output[{j}].digest"),
                _ => throw r.Error($"{f}.output[{j}].present", "0 (omitted) or 1 (present)", present.ToString(CultureInfo.InvariantCulture), flagAt),
            };
        }
        var leafAt = r.Position;
        var leaf = r.Bytes(32, f + ".leaf_hash");
        var node = new TraceNode(index, domain, op, (int)opset, name, digests, leaf) { Version = version };
        if (v2)
        {
            return (node, [0x00, .. Encoding.ASCII.GetBytes(TraceFormat.LeafTagV2),
                .. TraceEncoding.EncodeRecordHeader(index, domain, op, (int)opset, name, digests.Length)], leafAt);
        }
        var expected = node.ComputeLeafHash();
        if (!CryptographicOperations.FixedTimeEquals(expected, leaf))
        {
            throw r.Error(f + ".leaf_hash", $"the leaf hash of the record's fields, {Hex.Encode(expected)}", Hex.Encode(leaf), leafAt);
        }
        return (node, null, leafAt);
    }

    // Version 1: each tensor must hash to its output digest. Version 2: the leaf prefix, then per output its presence
    // byte and tensor encoding, must hash to the record's leaf hash.
    private static Tensor?[]? ReadTensors(TraceReader r, TraceNode node, byte[]? leafPrefix, long leafAt, bool load)
    {
        var result = load ? new Tensor?[node.OutputDigests.Count] : null;
        using var leaf = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (leafPrefix is not null) leaf.AppendData(leafPrefix);
        for (var j = 0; j < node.OutputDigests.Count; j++)
        {
            if (leafPrefix is not null) leaf.AppendData([node.OutputDigests[j] is null ? (byte)0 : (byte)1]);
            if (node.OutputDigests[j] is not { } digest) continue;
            var f = $"node[{node.Id}].tensor[{j}]";
            var at = r.Position;
            var (type, shape, length) = r.TensorHeader(f);
            var byteLength = (long)length * TensorDataTypes.Size(type);
            using var tensorHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var sha = leafPrefix is null ? tensorHash : leaf;
            if (leafPrefix is null) sha.AppendData(Encoding.ASCII.GetBytes(TraceFormat.TensorTag));
            sha.AppendData(TraceEncoding.TensorHeader(type, shape, byteLength));
            if (load)
            {
                var t = r.TensorData(type, shape, length, f);
                sha.AppendData(t.RawBytes());
                result![j] = t;
            }
            else
            {
                r.HashBytes(byteLength, sha, f + ".data");
            }
            if (leafPrefix is not null) continue;
            var actual = sha.GetHashAndReset();
            if (!CryptographicOperations.FixedTimeEquals(actual, digest))
            {
                throw r.Error(f, $"a tensor whose digest is the record's output digest {Hex.Encode(digest)}", Hex.Encode(actual), at);
            }
        }
        if (leafPrefix is not null && leaf.GetHashAndReset() is var computed && !CryptographicOperations.FixedTimeEquals(computed, node.LeafHash))
        {
            throw r.Error($"node[{node.Id}].leaf_hash", $"the leaf hash of the record's fields and tensors, {Hex.Encode(computed)}", Hex.Encode(node.LeafHash), leafAt);
        }
        return result;
    }
}
