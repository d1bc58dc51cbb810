using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// The canonical, versioned, domain-separated encodings an execution trace commits to (trace format versions 1 and 2;
/// <c>docs/execution-traces.md</c>). Integers are little-endian; <c>str(s)</c> is <c>u32(len) ‖ UTF-8(s)</c>.
/// <code>
/// tensor         = u32(dtype: ONNX TensorProto.DataType number) ‖ u32(rank) ‖ rank × u64(dim) ‖ u64(byte_length)
///                ‖ raw little-endian element bytes (bool as one 0/1 byte)
/// tensor_digest  = SHA-256("provenant-trace-tensor-v1" ‖ tensor)
/// leaf_input     = "provenant-trace-leaf-v1" ‖ u32(node id) ‖ str(domain) ‖ str(op_type) ‖ u32(opset) ‖ str(node name)
///                ‖ u32(output count) ‖ per output: 0x00 (omitted optional output) | 0x01 ‖ tensor_digest
/// leaf_hash      = SHA-256(0x00 ‖ leaf_input)                               RFC 9162 §2.1.1
/// trace_root     = MTH(leaf_hash of node 0 … node n−1)                     RFC 9162 §2.1.1
/// input_digest   = SHA-256("provenant-trace-inputs-v1"  ‖ u32(count) ‖ per input, ordinal name order: str(name) ‖ tensor_digest)
/// output_digest  = SHA-256("provenant-trace-outputs-v1" ‖ u32(count) ‖ per output, declared order: str(name) ‖ tensor_digest)
///
/// version 2 (one SHA-256 per node; input, output digests and the tree as in version 1):
/// leaf_input_v2  = "provenant-trace-leaf-v2" ‖ u32(node id) ‖ str(domain) ‖ str(op_type) ‖ u32(opset) ‖ str(node name)
///                ‖ u32(output count) ‖ per output: 0x00 (omitted optional output) | 0x01 ‖ tensor
/// leaf_hash_v2   = SHA-256(0x00 ‖ leaf_input_v2)
/// </code>
/// </summary>
public static class TraceEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The tensor encoding's header (everything before the element bytes): dtype, rank, dims, byte length.</summary>
    /// <param name="tensor">Any tensor.</param>
    public static byte[] TensorHeader(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return TensorHeader(tensor.DataType, tensor.Dims, ByteLength(tensor));
    }

    /// <summary>The tensor encoding's header from its parts (the caller guarantees they agree).</summary>
    internal static byte[] TensorHeader(TensorDataType type, IReadOnlyList<int> shape, long byteLength)
    {
        var header = new byte[4 + 4 + 8 * shape.Count + 8];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)shape.Count);
        for (var i = 0; i < shape.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[(8 + 8 * i)..], (ulong)shape[i]);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(span[^8..], (ulong)byteLength);
        return header;
    }

    /// <summary>Number of element bytes of <paramref name="tensor"/>: element count × element size.</summary>
    public static long ByteLength(Tensor tensor) => (long)tensor.Length * TensorDataTypes.Size(tensor.DataType);

    /// <summary>The tensor digest SHA-256(tag ‖ tensor encoding), 32 bytes.</summary>
    /// <param name="tensor">Any tensor.</param>
    public static byte[] TensorDigest(Tensor tensor)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(TraceFormat.TensorTag));
        sha.AppendData(TensorHeader(tensor));
        sha.AppendData(tensor.RawBytes());
        return sha.GetHashAndReset();
    }

    /// <summary>The leaf input of one node (see the type remarks).</summary>
    /// <param name="nodeId">Node position in topological order, ≥ 0.</param>
    /// <param name="domain">Operator set domain (empty for ai.onnx), at most <see cref="TraceFormat.MaxOpBytes"/> UTF-8 bytes.</param>
    /// <param name="opType">Operator name, at most <see cref="TraceFormat.MaxOpBytes"/> UTF-8 bytes.</param>
    /// <param name="opsetVersion">Imported version of the domain, ≥ 0.</param>
    /// <param name="name">Node name (may be empty), at most <see cref="TraceFormat.MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="outputDigests">One 32-byte tensor digest per output, null for an omitted optional output; at most <see cref="TraceFormat.MaxOutputs"/>.</param>
    /// <exception cref="ArgumentException">A field is outside the bounds above or a string is not valid Unicode.</exception>
    public static byte[] EncodeLeaf(int nodeId, string domain, string opType, int opsetVersion, string name, IReadOnlyList<byte[]?> outputDigests)
    {
        ArgumentNullException.ThrowIfNull(outputDigests);
        RequireOutputCount(outputDigests.Count, nameof(outputDigests));
        using var ms = new MemoryStream();
        WriteLeafHeader(ms, TraceFormat.LeafTag, nodeId, domain, opType, opsetVersion, name, outputDigests.Count);
        for (var i = 0; i < outputDigests.Count; i++)
        {
            var d = outputDigests[i];
            if (d is null)
            {
                ms.WriteByte(0);
                continue;
            }
            if (d.Length != Rfc9162.HashSize) throw new ArgumentException($"output digest {i} is {d.Length} bytes, expected 32", nameof(outputDigests));
            ms.WriteByte(1);
            ms.Write(d);
        }
        return ms.ToArray();
    }

    /// <summary>The RFC 9162 leaf hash SHA-256(0x00 ‖ <see cref="EncodeLeaf"/>(…)), 32 bytes.</summary>
    /// <exception cref="ArgumentException">As for <see cref="EncodeLeaf"/>.</exception>
    public static byte[] LeafHash(int nodeId, string domain, string opType, int opsetVersion, string name, IReadOnlyList<byte[]?> outputDigests) =>
        Rfc9162.HashLeaf(EncodeLeaf(nodeId, domain, opType, opsetVersion, name, outputDigests));

    /// <summary>
    /// The version-2 leaf input of one node: <c>leaf_input_v2</c> above, with each present output's tensor encoding
    /// inline (the reference encoding; <see cref="TraceNodeHasher"/> hashes the same bytes without building them).
    /// </summary>
    /// <param name="nodeId">Node position in topological order, ≥ 0.</param>
    /// <param name="domain">Operator set domain, at most <see cref="TraceFormat.MaxOpBytes"/> UTF-8 bytes.</param>
    /// <param name="opType">Operator name, at most <see cref="TraceFormat.MaxOpBytes"/> UTF-8 bytes.</param>
    /// <param name="opsetVersion">Imported version of the domain, ≥ 0.</param>
    /// <param name="name">Node name, at most <see cref="TraceFormat.MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="outputs">One tensor per declared output, null for an omitted optional output; at most <see cref="TraceFormat.MaxOutputs"/>.</param>
    /// <exception cref="ArgumentException">A field is outside the bounds above or a string is not valid Unicode.</exception>
    public static byte[] EncodeLeafV2(int nodeId, string domain, string opType, int opsetVersion, string name, IReadOnlyList<Tensor?> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        RequireOutputCount(outputs.Count, nameof(outputs));
        using var ms = new MemoryStream();
        WriteLeafHeader(ms, TraceFormat.LeafTagV2, nodeId, domain, opType, opsetVersion, name, outputs.Count);
        foreach (var t in outputs)
        {
            if (t is null)
            {
                ms.WriteByte(0);
                continue;
            }
            ms.WriteByte(1);
            ms.Write(TensorHeader(t));
            ms.Write(t.ToBytes());
        }
        return ms.ToArray();
    }

    /// <summary>The version-2 leaf hash SHA-256(0x00 ‖ <see cref="EncodeLeafV2"/>(…)), 32 bytes.</summary>
    /// <exception cref="ArgumentException">As for <see cref="EncodeLeafV2"/>.</exception>
    public static byte[] LeafHashV2(int nodeId, string domain, string opType, int opsetVersion, string name, IReadOnlyList<Tensor?> outputs) =>
        Rfc9162.HashLeaf(EncodeLeafV2(nodeId, domain, opType, opsetVersion, name, outputs));

    /// <summary>
    /// The format-3 segment leaf hash (the reference encoding, docs/execution-traces.md §Format 3):
    /// <c>SHA-256(0x00 ‖ "provenant-trace-segment-v1" ‖ u32(segment) ‖ u32(count) ‖ count × (u32(node) ‖ u32(output) ‖ tensor encoding))</c>.
    /// </summary>
    /// <param name="segment">The segment index.</param>
    /// <param name="exports">The exports in the segment's order, each with its tensor.</param>
    public static byte[] SegmentLeafHash(int segment, IReadOnlyList<(SegmentExport Export, Tensor Tensor)> exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        using var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(TraceFormat.SegmentTag));
        var u = new byte[4];
        void U32(int v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(u, (uint)v);
            ms.Write(u);
        }
        U32(segment);
        U32(exports.Count);
        foreach (var (e, t) in exports)
        {
            U32(e.Node);
            U32(e.Output);
            ms.Write(TensorHeader(t));
            ms.Write(t.ToBytes());
        }
        return Rfc9162.HashLeaf(ms.ToArray());
    }

    /// <summary>
    /// The leaf input up to the outputs, without the tag: what a <c>trace.bin</c> node record starts with
    /// (<c>u32(id) ‖ str(domain) ‖ str(op_type) ‖ u32(opset) ‖ str(name) ‖ u32(output count)</c>).
    /// </summary>
    internal static byte[] EncodeRecordHeader(int nodeId, string domain, string opType, int opsetVersion, string name, int outputCount)
    {
        using var ms = new MemoryStream();
        WriteLeafHeader(ms, "", nodeId, domain, opType, opsetVersion, name, outputCount);
        return ms.ToArray();
    }

    /// <summary>The input digest: named tensors in ordinal (byte-wise UTF-16) name order, so it does not depend on how a caller ordered them.</summary>
    /// <param name="inputs">Model inputs by name.</param>
    public static byte[] InputDigest(IEnumerable<KeyValuePair<string, Tensor>> inputs) =>
        NamedTensorsDigest(TraceFormat.InputsTag, inputs.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());

    /// <summary>The output digest: graph outputs in the graph's declared order.</summary>
    /// <param name="outputs">Graph outputs, in declared order.</param>
    public static byte[] OutputDigest(IReadOnlyList<KeyValuePair<string, Tensor>> outputs) => NamedTensorsDigest(TraceFormat.OutputsTag, outputs);

    /// <summary>SHA-256 of a model file's bytes, streamed (32 bytes).</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="ProvenantException">The file cannot be read (exit code 3).</exception>
    public static byte[] ModelDigest(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return SHA256.HashData(fs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read model: {e.Message}", ExitCodes.InputError, e);
        }
    }

    /// <summary>Decodes strict UTF-8 (invalid sequences throw <see cref="DecoderFallbackException"/>), the inverse of the encodings here.</summary>
    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes) => StrictUtf8.GetString(bytes);

    private static byte[] NamedTensorsDigest(string tag, IReadOnlyList<KeyValuePair<string, Tensor>> tensors)
    {
        using var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(tag));
        WriteUInt32(ms, (uint)tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            WriteString(ms, name, TraceFormat.MaxNameBytes, nameof(tensors));
            ms.Write(TensorDigest(tensor));
        }
        return SHA256.HashData(ms.ToArray());
    }

    private static void RequireOutputCount(int count, string param)
    {
        if (count > TraceFormat.MaxOutputs) throw new ArgumentException($"{count} outputs, more than {TraceFormat.MaxOutputs}", param);
    }

    private static void WriteLeafHeader(MemoryStream ms, string tag, int nodeId, string domain, string opType, int opsetVersion, string name, int outputCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeId);
        ArgumentOutOfRangeException.ThrowIfNegative(opsetVersion);
        ms.Write(Encoding.ASCII.GetBytes(tag));
        WriteUInt32(ms, (uint)nodeId);
        WriteString(ms, domain, TraceFormat.MaxOpBytes, nameof(domain));
        WriteString(ms, opType, TraceFormat.MaxOpBytes, nameof(opType));
        WriteUInt32(ms, (uint)opsetVersion);
        WriteString(ms, name, TraceFormat.MaxNameBytes, nameof(name));
        WriteUInt32(ms, (uint)outputCount);
    }

    private static void WriteUInt32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    private static void WriteString(Stream s, string value, int maxBytes, string param)
    {
        ArgumentNullException.ThrowIfNull(value, param);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"'{value}' is not valid Unicode", param, e);
        }
        if (bytes.Length > maxBytes) throw new ArgumentException($"'{value[..Math.Min(value.Length, 40)]}…' is {bytes.Length} UTF-8 bytes, more than {maxBytes}", param);
        WriteUInt32(s, (uint)bytes.Length);
        s.Write(bytes);
    }
}
