using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Merkle;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Computes execution-trace entries (<see cref="TraceNode"/>, trace format versions 1 and 2), the trace root and the
/// input and output digests with one reused SHA-256 state and one reused buffer, byte-for-byte the hashes
/// <see cref="TraceEncoding"/> defines (tests compare them with <see cref="TraceNode.FromOutputs(GraphNode, IReadOnlyList{Tensor?})"/>,
/// <see cref="TraceNode.CreateV2"/>, <see cref="Rfc9162.RootFromLeafHashes"/> and the encoding's digests, which build
/// every byte string first). Used by <see cref="TraceRecorder"/>, inference claims and the dispute referee. A
/// version-1 node costs a tensor digest per output and a leaf hash; a version-2 node one hash over its header and its
/// outputs' encodings (docs/execution-traces.md). Every hash is one or a few appends to the reused native state,
/// never a new one: OpenSSL 3's one-shot digest allocates a context per call, which costs as much as hashing a few
/// hundred bytes. Not thread-safe: one per thread (<see cref="ForCurrentThread"/>) or per run.
/// </summary>
public sealed class TraceNodeHasher : IDisposable
{
    private static readonly byte[] TensorTag = Encoding.ASCII.GetBytes(TraceFormat.TensorTag);
    private static readonly byte[] LeafTag = Encoding.ASCII.GetBytes(TraceFormat.LeafTag);
    private static readonly byte[] LeafTagV2 = Encoding.ASCII.GetBytes(TraceFormat.LeafTagV2);
    private static readonly byte[] SegmentTag = Encoding.ASCII.GetBytes(TraceFormat.SegmentTag);
    private static readonly byte[] ChunkTag = Encoding.ASCII.GetBytes(TraceFormat.ChunkTag);
    private static readonly byte[] InputsTag = Encoding.ASCII.GetBytes(TraceFormat.InputsTag);
    private static readonly byte[] OutputsTag = Encoding.ASCII.GetBytes(TraceFormat.OutputsTag);

    [ThreadStatic]
    private static TraceNodeHasher? _current;

    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[4096];
    private int _used;

    /// <summary>
    /// This thread's hasher (created on first use, never disposed): a caller that hashes on its own thread and finishes
    /// before returning saves creating a native hash state per run. Do not dispose it.
    /// </summary>
    public static TraceNodeHasher ForCurrentThread => _current ??= new TraceNodeHasher();

    /// <summary>The trace entry of <paramref name="node"/> with the engine's <paramref name="outputs"/> in format <paramref name="version"/> (1 or 2).</summary>
    /// <exception cref="InvalidOperationException">A declared output has no tensor.</exception>
    /// <exception cref="ArgumentException">A name or operator exceeds the trace format's bounds.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown version.</exception>
    public TraceNode Entry(GraphNode node, IReadOnlyList<Tensor?> outputs, int version) => version switch
    {
        (int)TraceFormat.Version => Entry(node, outputs),
        (int)TraceFormat.Version2 => EntryV2(node, outputs),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "trace format version 1 or 2"),
    };

    /// <summary>The version-1 trace entry of <paramref name="node"/> with the engine's <paramref name="outputs"/> (see <see cref="TraceNode.FromOutputs(GraphNode, IReadOnlyList{Tensor?})"/>).</summary>
    /// <exception cref="InvalidOperationException">A declared output has no tensor.</exception>
    /// <exception cref="ArgumentException">A name or operator exceeds the trace format's bounds.</exception>
    public TraceNode Entry(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        var digests = new byte[]?[node.Outputs.Count];
        for (var j = 0; j < digests.Length; j++)
        {
            if (node.Outputs[j].Length == 0) continue;
            var t = (j < outputs.Count ? outputs[j] : null) ?? throw new InvalidOperationException($"{node}: output {j} ('{node.Outputs[j]}') has no tensor");
            digests[j] = TensorDigest(t);
        }
        if (!WithinBounds(node, out var bytes))
        {
            return TraceNode.Create(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, digests); // the encoding's path (or its error)
        }
        Discard();
        Header(0x00, LeafTag, node, bytes);
        foreach (var d in digests)
        {
            if (d is null)
            {
                Put(0);
                continue;
            }
            Put(1);
            Put(d);
        }
        return new TraceNode(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, digests, Finish());
    }

    /// <summary>
    /// The version-2 trace entry of <paramref name="node"/>: one SHA-256 over the leaf prefix, the node's header and
    /// each declared output's tensor encoding (see <see cref="TraceNode.CreateV2"/>, which gives the same leaf).
    /// </summary>
    /// <exception cref="InvalidOperationException">A declared output has no tensor.</exception>
    /// <exception cref="ArgumentException">A name or operator exceeds the trace format's bounds.</exception>
    public TraceNode EntryV2(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(outputs);
        var present = new byte[]?[node.Outputs.Count];
        for (var j = 0; j < present.Length; j++)
        {
            if (node.Outputs[j].Length == 0) continue;
            _ = (j < outputs.Count ? outputs[j] : null) ?? throw new InvalidOperationException($"{node}: output {j} ('{node.Outputs[j]}') has no tensor");
            present[j] = TraceNode.PresentV2;
        }
        if (!WithinBounds(node, out var bytes))
        {
            return TraceNode.CreateV2(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, Declared(present, outputs)); // the encoding's path (or its error)
        }
        Discard();
        Header(0x00, LeafTagV2, node, bytes);
        for (var j = 0; j < present.Length; j++)
        {
            if (present[j] is null)
            {
                Put(0);
                continue;
            }
            Put(1);
            Tensor(outputs[j]!);
        }
        return new TraceNode(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, present, Finish()) { Version = (int)TraceFormat.Version2 };
    }

    /// <summary>
    /// The format-3 leaf of segment <paramref name="segment"/> (<see cref="TraceEncoding.SegmentLeafHash"/>, same bytes):
    /// SHA-256(0x00 ‖ tag ‖ u32(segment) ‖ u32(export count) ‖ per export u32(node) ‖ u32(output) ‖ tensor encoding).
    /// </summary>
    /// <param name="segment">The segment index.</param>
    /// <param name="exports">The segment's exports (<see cref="TraceSegments.Exports"/>).</param>
    /// <param name="tensor">The tensor of an export.</param>
    public byte[] SegmentLeaf(int segment, IReadOnlyList<SegmentExport> exports, Func<SegmentExport, Tensor> tensor)
    {
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(tensor);
        Discard();
        Put(0x00);
        Put(SegmentTag);
        UInt32((uint)segment);
        UInt32((uint)exports.Count);
        foreach (var e in exports)
        {
            UInt32((uint)e.Node);
            UInt32((uint)e.Output);
            Tensor(tensor(e));
        }
        return Finish();
    }

    /// <summary>
    /// A chunk leaf of a chunked format-3 fine tree (<see cref="TraceChunks"/>, docs/execution-traces.md §Chunked node
    /// leaves): SHA-256(0x00 ‖ "provenant-trace-chunk-v1" ‖ u32(node) ‖ u32(output) ‖ u32(chunk) ‖ u32(chunk count) ‖
    /// u8(present) ‖ [dtype, rank, dims and byte length of the whole output ‖ u64(first row) ‖ u64(end row) ‖ the rows' bytes]).
    /// </summary>
    /// <param name="node">Node id.</param>
    /// <param name="output">Output index.</param>
    /// <param name="chunk">Chunk index, 0 ≤ chunk &lt; chunkCount.</param>
    /// <param name="chunkCount">Chunks per output (2^h).</param>
    /// <param name="type">The whole output's element type (ignored when <paramref name="dims"/> is null).</param>
    /// <param name="dims">The whole output's dims, or null for an omitted output.</param>
    /// <param name="rows">The bytes of rows <see cref="TraceChunks.ChunkRows"/> gives for this chunk.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not the chunk's row count × row bytes.</exception>
    public byte[] ChunkLeaf(int node, int output, int chunk, int chunkCount, TensorDataType type, IReadOnlyList<int>? dims, ReadOnlySpan<byte> rows)
    {
        // Every check before the first byte is hashed: a throw must not leave this (reused) state half fed.
        var (start, end) = TraceChunks.ChunkRows(dims is null ? 0 : TraceChunks.Rows(dims), chunk, chunkCount);
        if (dims is not null)
        {
            var rowBytes = (long)TraceChunks.RowWidth(dims) * TensorDataTypes.Size(type);
            if (rows.Length != (end - start) * rowBytes) throw new ArgumentException($"chunk {chunk} of {chunkCount} holds rows {start} to {end} of {rowBytes} bytes each, not {rows.Length} bytes", nameof(rows));
        }
        Discard();
        Put(0x00);
        Put(ChunkTag);
        UInt32((uint)node);
        UInt32((uint)output);
        UInt32((uint)chunk);
        UInt32((uint)chunkCount);
        if (dims is null)
        {
            Put(0);
            return Finish();
        }
        Put(1);
        Reserve(4 + 4 + 8 * dims.Count + 8 + 16);
        UInt32((uint)type);
        UInt32((uint)dims.Count);
        long elements = 1;
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used), (ulong)d);
            _used += 8;
            elements *= d;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used), (ulong)(elements * TensorDataTypes.Size(type)));
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used + 8), (ulong)start);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used + 16), (ulong)end);
        _used += 24;
        if (rows.Length <= SmallTensorBytes)
        {
            Put(rows);
        }
        else
        {
            Flush();
            _sha.AppendData(rows);
        }
        return Finish();
    }

    /// <summary>The <paramref name="chunkCount"/> chunk leaves of output <paramref name="output"/> of node <paramref name="node"/> (null: omitted).</summary>
    public byte[][] ChunkLeaves(int node, int output, int chunkCount, Tensor? tensor)
    {
        var leaves = new byte[chunkCount][];
        for (var c = 0; c < chunkCount; c++)
        {
            leaves[c] = tensor is null ? ChunkLeaf(node, output, c, chunkCount, default, null, default)
                : ChunkLeaf(node, output, c, chunkCount, tensor.DataType, tensor.Dims, TraceChunks.RowBytes(tensor, c, chunkCount));
        }
        return leaves;
    }

    private static Tensor?[] Declared(byte[]?[] present, IReadOnlyList<Tensor?> outputs)
    {
        var declared = new Tensor?[present.Length];
        for (var j = 0; j < declared.Length; j++) declared[j] = present[j] is null ? null : outputs[j];
        return declared;
    }

    /// <summary>
    /// The RFC 9162 root of <paramref name="count"/> 32-byte leaf hashes laid end to end in <paramref name="leaves"/>,
    /// computed level by level in place (<see cref="Rfc9162.RootFromLeafHashesInPlace"/>, eight pairs per pass in vector
    /// lanes). <paramref name="leaves"/> is overwritten.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="leaves"/> is shorter than <paramref name="count"/> hashes.</exception>
    public byte[] Root(Span<byte> leaves, int count) => Rfc9162.RootFromLeafHashesInPlace(leaves, count);

    /// <summary>The input digest (<see cref="TraceEncoding.InputDigest"/>, same bytes) with this hasher's state.</summary>
    /// <exception cref="ArgumentException">A name is too long or not valid Unicode.</exception>
    public byte[] InputDigest(IEnumerable<KeyValuePair<string, Tensor>> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var sorted = inputs.ToArray();
        Array.Sort(sorted, (a, b) => StringComparer.Ordinal.Compare(a.Key, b.Key));
        return NamedTensorsDigest(InputsTag, sorted);
    }

    /// <summary>The output digest (<see cref="TraceEncoding.OutputDigest"/>, same bytes) with this hasher's state.</summary>
    /// <exception cref="ArgumentException">A name is too long or not valid Unicode.</exception>
    public byte[] OutputDigest(IReadOnlyList<KeyValuePair<string, Tensor>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return NamedTensorsDigest(OutputsTag, outputs);
    }

    /// <inheritdoc />
    public void Dispose() => _sha.Dispose();

    private byte[] NamedTensorsDigest(byte[] tag, IReadOnlyList<KeyValuePair<string, Tensor>> tensors)
    {
        foreach (var (name, _) in tensors)
        {
            if (Encoding.UTF8.GetByteCount(name) > TraceFormat.MaxNameBytes || HasSurrogate(name))
            {
                // The encoding's own path: it rejects what is out of bounds or not valid Unicode, and spells the rest.
                return tag == InputsTag ? TraceEncoding.InputDigest(tensors) : TraceEncoding.OutputDigest(tensors);
            }
        }
        var digests = new byte[tensors.Count][];
        for (var i = 0; i < digests.Length; i++) digests[i] = TensorDigest(tensors[i].Value);
        Put(tag);
        UInt32((uint)tensors.Count);
        for (var i = 0; i < digests.Length; i++)
        {
            Str(tensors[i].Key, Encoding.UTF8.GetByteCount(tensors[i].Key));
            Put(digests[i]);
        }
        return Finish();
    }

    // tensor_digest = SHA-256(tag ‖ tensor encoding).
    private byte[] TensorDigest(Tensor t)
    {
        Discard();
        Put(TensorTag);
        Tensor(t);
        return Finish();
    }

    // Whether the node's strings are within the format's bounds and hold no surrogate (the encoding's own path spells
    // valid pairs and rejects unpaired ones; this fast path handles everything else), with their UTF-8 lengths.
    private static bool WithinBounds(GraphNode node, out (int Domain, int Op, int Name) bytes)
    {
        bytes = (Encoding.UTF8.GetByteCount(node.Domain), Encoding.UTF8.GetByteCount(node.OpType), Encoding.UTF8.GetByteCount(node.Name));
        return bytes.Domain <= TraceFormat.MaxOpBytes && bytes.Op <= TraceFormat.MaxOpBytes && bytes.Name <= TraceFormat.MaxNameBytes
            && node.Outputs.Count <= TraceFormat.MaxOutputs && !HasSurrogate(node.Domain) && !HasSurrogate(node.OpType) && !HasSurrogate(node.Name);
    }

    private static bool HasSurrogate(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    // prefix ‖ tag ‖ u32(id) ‖ str(domain) ‖ str(op_type) ‖ u32(opset) ‖ str(name) ‖ u32(output count)
    private void Header(byte prefix, byte[] tag, GraphNode node, (int Domain, int Op, int Name) bytes)
    {
        Put(prefix);
        Put(tag);
        UInt32((uint)node.Id);
        Str(node.Domain, bytes.Domain);
        Str(node.OpType, bytes.Op);
        UInt32((uint)node.OpsetVersion);
        Str(node.Name, bytes.Name);
        UInt32((uint)node.Outputs.Count);
    }

    // The tensor encoding: u32(dtype) ‖ u32(rank) ‖ rank × u64(dim) ‖ u64(byte_length) ‖ elements. The elements are read in
    // place (little-endian hosts, as the trace format assumes); up to SmallTensorBytes they are copied behind the
    // header so that the whole message goes to the native hash in one append, larger ones are appended directly.
    private void Tensor(Tensor t)
    {
        var elements = t.RawBytes();
        var dims = t.Dims;
        Reserve(4 + 4 + 8 * dims.Length + 8);
        UInt32((uint)t.DataType);
        UInt32((uint)dims.Length);
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used), (ulong)d);
            _used += 8;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used), (ulong)elements.Length);
        _used += 8;
        if (elements.Length <= SmallTensorBytes)
        {
            Put(elements);
            return;
        }
        Flush();
        _sha.AppendData(elements);
    }

    /// <summary>Tensors up to this many element bytes are copied into the buffer (one append per message).</summary>
    private const int SmallTensorBytes = 16 * 1024;

    // Drops whatever an interrupted hash left (a tensor callback or a check that threw midway), so one failure cannot
    // leak bytes into the next hash made with this reused state.
    private void Discard()
    {
        if (!_pending) return;
        _used = 0;
        _sha.GetHashAndReset();
        _pending = false;
    }

    private bool _pending;

    private byte[] Finish()
    {
        _pending = false;
        Flush();
        return _sha.GetHashAndReset();
    }

    private void Flush()
    {
        if (_used == 0) return;
        _sha.AppendData(_buffer, 0, _used);
        _used = 0;
    }

    private void Reserve(int bytes)
    {
        _pending = true;
        if (_buffer.Length - _used >= bytes) return;
        if (bytes > SmallTensorBytes * 4 || _used + bytes > SmallTensorBytes * 4)
        {
            Flush();
            if (_buffer.Length >= bytes) return;
        }
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
    }

    private void Put(byte b)
    {
        Reserve(1);
        _buffer[_used++] = b;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void UInt32(uint v)
    {
        Reserve(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_used), v);
        _used += 4;
    }

    private void Str(string s, int bytes)
    {
        UInt32((uint)bytes);
        Reserve(bytes);
        _used += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_used));
    }
}
