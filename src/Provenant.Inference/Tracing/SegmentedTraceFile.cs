using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Core.Merkle;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Reads and writes the claimant's store of a format-3 (segmented) claim: <c>trace.bin</c> version 3
/// (docs/execution-traces.md §File version 3), which keeps only what the claim's segment leaves commit to and what a
/// dispute cannot recompute — the outputs of every node that exports something — instead of every node's tensors:
/// <code>
/// magic 0x89 "PVTRACE" ‖ u32 version = 3 ‖ u32 flags = 1 ‖ model digest[32] ‖ input digest[32] ‖ output digest[32]
/// ‖ u32 node count ‖ u32 segment bits ‖ u32 kept count
/// ‖ kept count × (u32 node ‖ u32 output count ‖ output count × (u8 present ‖ tensor encoding if present))
/// ‖ root[32] ‖ file digest[32] = SHA-256 of every byte before it
/// </code>
/// Reading needs the model's graph and the graph inputs (given again to <c>provenant dispute</c>): the reader bounds
/// every count by the graph and by the bytes left before allocating, requires the kept nodes to be exactly the
/// exporting nodes of the graph's segmentation in order, with the graph's output count each, recomputes the input
/// digest, the segment leaves, the root and the output digest and compares them with the header and the stored
/// root, and checks the file digest, so that a changed byte anywhere — including in a kept output that no segment
/// leaf covers — is an error naming the field and offset. Other nodes' outputs are recomputed from this state when
/// a dispute asks for them (<see cref="SegmentedTrace.Outputs"/>).
/// </summary>
public static class SegmentedTraceFile
{
    /// <summary>Size of the fixed header: the common 116 bytes (<see cref="TraceFormat.HeaderSize"/>), segment bits and kept count.</summary>
    public const int HeaderSize = TraceFormat.HeaderSize + 4 + 4;

    /// <summary>Writes the exporting nodes' outputs of <paramref name="trace"/> atomically (temp file, then rename).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="trace">A format-3 trace (its exporting nodes' outputs are held or recomputed).</param>
    /// <exception cref="ProvenantException">The file cannot be written (exit code 4).</exception>
    public static void Write(string path, SegmentedTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        AtomicFile.Write(path, s => Write(s, trace));
    }

    /// <summary>Writes the file to <paramref name="stream"/> at its current position.</summary>
    public static void Write(Stream stream, SegmentedTrace trace)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(trace);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Put(ReadOnlySpan<byte> bytes)
        {
            digest.AppendData(bytes);
            stream.Write(bytes);
        }
        var s = trace.Segments;
        var kept = Enumerable.Range(0, s.NodeCount).Where(i => s.ExportingNodes[i]).ToArray();
        var u32 = new byte[4];
        void U32(long v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)v);
            Put(u32);
        }
        Put(TraceFormat.Magic);
        U32(TraceFormat.Version3);
        U32(TraceFormat.FlagTensors);
        Put(trace.ModelDigest);
        Put(trace.InputDigest);
        Put(trace.OutputDigest);
        U32(s.NodeCount);
        U32(s.SegmentBits);
        U32(kept.Length);
        foreach (var node in kept)
        {
            var outputs = trace.Outputs(node);
            U32(node);
            U32(outputs.Count);
            foreach (var t in outputs)
            {
                Put([t is null ? (byte)0 : (byte)1]);
                if (t is null) continue;
                Put(TraceEncoding.TensorHeader(t));
                Put(t.RawBytes());
            }
        }
        Put(trace.Root);
        stream.Write(digest.GetHashAndReset());
        stream.Flush();
    }

    /// <summary>Whether the file at <paramref name="path"/> begins with the trace magic and version 3 (nothing else is checked).</summary>
    /// <exception cref="ProvenantException">The file cannot be opened.</exception>
    public static bool IsSegmented(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using (var fs = TraceReader.Open(path))
        {
            if (fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return false;
        }
        return head[..8].SequenceEqual(TraceFormat.Magic) && BinaryPrimitives.ReadUInt32LittleEndian(head[8..]) == TraceFormat.Version3;
    }

    /// <summary>Reads and checks a version-3 trace file against the model it was made with.</summary>
    /// <param name="path">The file.</param>
    /// <param name="graph">The model's graph.</param>
    /// <param name="segmentation">The graph's segmentation for a given g (the file's segment bits must be that g).</param>
    /// <param name="inputs">The graph inputs of the claimed run (their digest must be the file's).</param>
    /// <param name="rerun">Recomputes a node exactly as the claim's engine did (for the nodes whose outputs are not kept).</param>
    /// <returns>The trace, with its recomputed root equal to the file's.</returns>
    /// <exception cref="ProvenantFormatException">The file is malformed or truncated, was made for another graph, segmentation or input, or its root, output digest or file digest do not match its contents; the message names the offset and field.</exception>
    /// <exception cref="ProvenantException">The file cannot be opened.</exception>
    public static SegmentedTrace Read(string path, ModelGraph graph, Func<int, TraceSegments> segmentation, IReadOnlyDictionary<string, Tensor> inputs, NodeRerun rerun)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(rerun);
        using var fs = TraceReader.Open(path);
        return Read(fs, path, graph, segmentation, inputs, rerun);
    }

    /// <summary>Reads and checks a version-3 trace from a seekable stream, from its current position to its end.</summary>
    /// <exception cref="ProvenantFormatException">As for <see cref="Read(string, ModelGraph, Func{int, TraceSegments}, IReadOnlyDictionary{string, Tensor}, NodeRerun)"/>.</exception>
    public static SegmentedTrace Read(Stream stream, string source, ModelGraph graph, Func<int, TraceSegments> segmentation, IReadOnlyDictionary<string, Tensor> inputs, NodeRerun rerun)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(segmentation);
        if (!stream.CanSeek) throw new ArgumentException("a trace is read from a seekable stream", nameof(stream));
        var start = stream.Position;
        var r = new TraceReader(stream, source);
        if (r.Remaining < HeaderSize + 2 * Rfc9162.HashSize)
        {
            throw r.Error("header", $"at least {HeaderSize + 2 * Rfc9162.HashSize} bytes (header, root and file digest)", $"a {r.Remaining}-byte file");
        }
        var magic = r.Bytes(TraceFormat.Magic.Length, "magic");
        if (!magic.AsSpan().SequenceEqual(TraceFormat.Magic)) throw r.Error("magic", "0x89 \"PVTRACE\" (89 50 56 54 52 41 43 45)", Hex.Encode(magic), start);
        var version = r.Read<uint>("version");
        if (version != TraceFormat.Version3) throw r.Error("version", $"{TraceFormat.Version3} (a segmented claim trace)", Text(version), start + 8);
        var flags = r.Read<uint>("flags");
        if (flags != TraceFormat.FlagTensors) throw r.Error("flags", $"0x{TraceFormat.FlagTensors:x8} (tensors)", $"0x{flags:x8}", start + 12);
        var modelDigest = r.Bytes(32, "model_digest");
        var inputDigest = r.Bytes(32, "input_digest");
        var outputDigest = r.Bytes(32, "output_digest");
        var n = graph.Nodes.Count;
        var countAt = r.Position;
        var count = r.Read<uint>("node_count");
        if (count != n) throw r.Error("node_count", $"{n} (the model's nodes)", Text(count), countAt);
        var bitsAt = r.Position;
        var bits = r.Read<uint>("segment_bits");
        if (bits > TraceFormat.MaxSegmentBits) throw r.Error("segment_bits", $"at most {TraceFormat.MaxSegmentBits}", Text(bits), bitsAt);
        var segments = segmentation((int)bits);
        var exporting = Enumerable.Range(0, n).Where(i => segments.ExportingNodes[i]).ToArray();
        var keptAt = r.Position;
        var keptCount = r.Read<uint>("kept_count");
        if (keptCount != exporting.Length)
        {
            throw r.Error("kept_count", $"{exporting.Length} (the nodes that export something when segments hold 2^{bits} nodes)", Text(keptCount), keptAt);
        }
        var kept = new IReadOnlyList<Tensor?>?[n];
        for (var k = 0; k < exporting.Length; k++)
        {
            var f = $"kept[{k}]";
            var nodeAt = r.Position;
            var node = r.Read<uint>(f + ".node");
            if (node != exporting[k]) throw r.Error(f + ".node", $"{exporting[k]} (the exporting nodes in order)", Text(node), nodeAt);
            var outAt = r.Position;
            var outputCount = r.Read<uint>(f + ".output_count");
            var expected = graph.Nodes[(int)node].Outputs.Count;
            if (outputCount != expected) throw r.Error(f + ".output_count", $"{expected} (node {node}'s outputs)", Text(outputCount), outAt);
            var outputs = new Tensor?[expected];
            for (var j = 0; j < outputs.Length; j++)
            {
                var presentAt = r.Position;
                var present = r.Read<byte>($"{f}.output[{j}].present");
                var name = graph.Nodes[(int)node].Outputs[j];
                if (present != (name.Length == 0 ? 0 : 1))
                {
                    throw r.Error($"{f}.output[{j}].present", name.Length == 0 ? "0 (the output is omitted in the model)" : "1 (the output is produced)", Text(present), presentAt);
                }
                if (present == 0) continue;
                var (type, shape, length) = r.TensorHeader($"{f}.output[{j}]");
                outputs[j] = r.TensorData(type, shape, length, $"{f}.output[{j}]");
            }
            kept[node] = outputs;
        }
        var rootAt = r.Position;
        var root = r.Bytes(32, "root");
        var digestAt = r.Position;
        var fileDigest = r.Bytes(32, "file_digest");
        if (r.Remaining != 0) throw r.Error("end of file", "no bytes after the file digest", $"{r.Remaining} trailing byte(s)");
        stream.Position = start;
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        new TraceReader(stream, source).HashBytes(digestAt - start, fileHash, "file_digest");
        var computed = fileHash.GetHashAndReset();
        if (!CryptographicOperations.FixedTimeEquals(computed, fileDigest))
        {
            throw r.Error("file_digest", $"SHA-256 of the {digestAt - start} bytes before it, {Hex.Encode(computed)}", Hex.Encode(fileDigest), digestAt);
        }
        var trace = SegmentedTrace.FromExports(graph, segments, modelDigest, inputs, kept, rerun);
        if (!CryptographicOperations.FixedTimeEquals(trace.InputDigest, inputDigest))
        {
            throw r.Error("input_digest", $"the digest of the inputs given, {Hex.Encode(trace.InputDigest)} (the trace was made on other inputs)", Hex.Encode(inputDigest), start + 48);
        }
        if (!CryptographicOperations.FixedTimeEquals(trace.OutputDigest, outputDigest))
        {
            throw r.Error("output_digest", $"the digest of the kept graph outputs, {Hex.Encode(trace.OutputDigest)}", Hex.Encode(outputDigest), start + TraceFormat.OutputDigestOffset);
        }
        if (!CryptographicOperations.FixedTimeEquals(trace.Root, root))
        {
            throw r.Error("root", $"the root over the {segments.Count} segment leaves of the kept exports, {Hex.Encode(trace.Root)}", Hex.Encode(root), rootAt);
        }
        return trace;
    }

    private static string Text(uint v) => v.ToString(CultureInfo.InvariantCulture);
}
