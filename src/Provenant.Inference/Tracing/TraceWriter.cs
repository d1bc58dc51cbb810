using System.Buffers.Binary;
using System.Text;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Streams a <c>trace.bin</c> (format version 1 or 2, <c>docs/execution-traces.md</c>) to a seekable stream: the header
/// first (with the output digest and node count still zero), one record per node as it completes, then the root;
/// <see cref="Complete"/> patches the header. Holds no tensors. Use through <see cref="TraceRecorder"/> or
/// <see cref="TraceFile.Write(string, ExecutionTrace)"/>; pair with <see cref="Provenant.Core.IO.AtomicFile"/> so a failed run leaves no file.
/// </summary>
public sealed class TraceWriter
{
    private readonly Stream _stream;
    private readonly long _start;
    private int _count;
    private bool _completed;

    /// <summary>Writes the header at the stream's current position.</summary>
    /// <param name="stream">A writable, seekable stream (a file).</param>
    /// <param name="modelDigest">SHA-256 of the model file, 32 bytes.</param>
    /// <param name="inputDigest">Input digest, 32 bytes.</param>
    /// <param name="includeTensors">Whether every node's output tensors follow its record (flag bit 0); required for version 2.</param>
    /// <param name="version">Format version of the file and of the records it takes: 1 (default) or 2.</param>
    /// <exception cref="ArgumentException">The stream cannot write and seek, a digest is not 32 bytes, or version 2 without tensors.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown version.</exception>
    public TraceWriter(Stream stream, ReadOnlySpan<byte> modelDigest, ReadOnlySpan<byte> inputDigest, bool includeTensors, int version = (int)TraceFormat.Version)
    {
        if (!TraceFormat.IsKnownVersion((uint)version)) throw new ArgumentOutOfRangeException(nameof(version), version, "trace format version 1 or 2");
        if (version == (int)TraceFormat.Version2 && !includeTensors) throw new ArgumentException("a version-2 trace file carries the tensors (its leaves hash them)", nameof(includeTensors));
        Version = version;
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite || !stream.CanSeek) throw new ArgumentException("a trace is written to a writable, seekable stream", nameof(stream));
        if (modelDigest.Length != 32 || inputDigest.Length != 32) throw new ArgumentException("model and input digests must be 32 bytes");
        _stream = stream;
        _start = stream.Position;
        IncludesTensors = includeTensors;
        Span<byte> header = stackalloc byte[TraceFormat.HeaderSize];
        header.Clear();
        TraceFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], includeTensors ? TraceFormat.FlagTensors : 0);
        modelDigest.CopyTo(header[16..]);
        inputDigest.CopyTo(header[48..]);
        stream.Write(header);
    }

    /// <summary>The file's format version (1 or 2).</summary>
    public int Version { get; }

    /// <summary>Whether records carry the output tensors.</summary>
    public bool IncludesTensors { get; }

    /// <summary>Nodes written so far.</summary>
    public int NodeCount => _count;

    /// <summary>Appends node <see cref="NodeCount"/>'s record (and its tensors when <see cref="IncludesTensors"/>).</summary>
    /// <param name="node">The entry; its id must be <see cref="NodeCount"/>.</param>
    /// <param name="tensors">Its output tensors (required when <see cref="IncludesTensors"/>; a tensor for every present digest).</param>
    /// <exception cref="ArgumentException">Out-of-order id, an entry of another format version, missing tensors, or fields out of bounds.</exception>
    /// <exception cref="InvalidOperationException">The trace was already completed, or it holds <see cref="TraceFormat.MaxNodes"/> nodes.</exception>
    public void WriteNode(TraceNode node, IReadOnlyList<Tensor?>? tensors)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_completed) throw new InvalidOperationException("the trace is complete");
        if (_count >= TraceFormat.MaxNodes) throw new InvalidOperationException($"a trace holds at most {TraceFormat.MaxNodes} nodes");
        if (node.Id != _count) throw new ArgumentException($"expected node {_count}, got node {node.Id}", nameof(node));
        if (IncludesTensors && (tensors is null || tensors.Count != node.OutputDigests.Count))
        {
            throw new ArgumentException($"{node.Describe()}: the trace includes tensors, so one per output is needed", nameof(tensors));
        }
        if (node.Version != Version) throw new ArgumentException($"{node.Describe()} is a format version {node.Version} entry, the file version {Version}", nameof(node));
        if (Version == (int)TraceFormat.Version)
        {
            // The record is the leaf input without its tag, then the leaf hash.
            var record = TraceEncoding.EncodeLeaf(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, node.OutputDigests);
            _stream.Write(record.AsSpan(Encoding.ASCII.GetByteCount(TraceFormat.LeafTag)));
        }
        else
        {
            // Version 2: the header fields, one presence byte per output, then the leaf hash (the tensors follow).
            _stream.Write(TraceEncoding.EncodeRecordHeader(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, node.OutputDigests.Count));
            foreach (var d in node.OutputDigests) _stream.WriteByte(d is null ? (byte)0 : (byte)1);
        }
        _stream.Write(node.LeafHash);
        if (IncludesTensors)
        {
            for (var j = 0; j < node.OutputDigests.Count; j++)
            {
                if (node.OutputDigests[j] is null) continue;
                var t = tensors![j] ?? throw new ArgumentException($"{node.Describe()}: output {j} has a digest but no tensor", nameof(tensors));
                _stream.Write(TraceEncoding.TensorHeader(t));
                _stream.Write(t.RawBytes());
            }
        }
        _count++;
    }

    /// <summary>Writes the root after the last record and patches the header's output digest and node count.</summary>
    /// <param name="outputDigest">Output digest, 32 bytes.</param>
    /// <param name="root">Trace root over the written nodes' leaf hashes, 32 bytes.</param>
    /// <exception cref="ArgumentException">A digest is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">Already completed.</exception>
    public void Complete(ReadOnlySpan<byte> outputDigest, ReadOnlySpan<byte> root)
    {
        if (_completed) throw new InvalidOperationException("the trace is complete");
        if (outputDigest.Length != 32 || root.Length != Rfc9162.HashSize) throw new ArgumentException("output digest and root must be 32 bytes");
        _stream.Write(root);
        var end = _stream.Position;
        _stream.Position = _start + TraceFormat.OutputDigestOffset;
        _stream.Write(outputDigest);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)_count);
        _stream.Write(count);
        _stream.Position = end;
        _stream.Flush();
        _completed = true;
    }
}
