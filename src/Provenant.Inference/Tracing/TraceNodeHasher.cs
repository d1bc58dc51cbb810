using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Computes execution-trace entries (<see cref="TraceNode"/>, trace format version 1) with one reused SHA-256 state and
/// one reused leaf buffer, byte-for-byte the leaves <see cref="TraceEncoding"/> defines (a test compares them with
/// <see cref="TraceNode.FromOutputs"/>, which creates a new hash object and a memory stream for every node). Used by
/// <see cref="TraceRecorder"/> and by inference claims: on the 258-node benchmark MLP the per-node setup made tracing
/// cost about 16× the inference itself; with the state reused it is about 1× (docs/disputes.md §Figures). Not
/// thread-safe: one per run.
/// </summary>
public sealed class TraceNodeHasher : IDisposable
{
    private static readonly byte[] TensorTag = Encoding.ASCII.GetBytes(TraceFormat.TensorTag);
    private static readonly byte[] LeafTag = Encoding.ASCII.GetBytes(TraceFormat.LeafTag);
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _leaf = new byte[4096];

    /// <summary>The trace entry of <paramref name="node"/> with the engine's <paramref name="outputs"/> (see <see cref="TraceNode.FromOutputs"/>).</summary>
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
        var domain = Encoding.UTF8.GetByteCount(node.Domain);
        var op = Encoding.UTF8.GetByteCount(node.OpType);
        var name = Encoding.UTF8.GetByteCount(node.Name);
        if (domain > TraceFormat.MaxOpBytes || op > TraceFormat.MaxOpBytes || name > TraceFormat.MaxNameBytes || digests.Length > TraceFormat.MaxOutputs)
        {
            return TraceNode.Create(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, digests); // throws the format's error
        }
        var size = 1 + LeafTag.Length + 4 + 4 + domain + 4 + op + 4 + 4 + name + 4 + 33 * digests.Length;
        if (_leaf.Length < size) _leaf = new byte[size];
        var p = 0;
        _leaf[p++] = 0x00; // RFC 9162 leaf prefix
        LeafTag.CopyTo(_leaf, p);
        p += LeafTag.Length;
        p = UInt32(p, (uint)node.Id);
        p = Str(p, node.Domain, domain);
        p = Str(p, node.OpType, op);
        p = UInt32(p, (uint)node.OpsetVersion);
        p = Str(p, node.Name, name);
        p = UInt32(p, (uint)digests.Length);
        foreach (var d in digests)
        {
            if (d is null)
            {
                _leaf[p++] = 0;
                continue;
            }
            _leaf[p++] = 1;
            d.CopyTo(_leaf, p);
            p += d.Length;
        }
        _sha.AppendData(_leaf, 0, p);
        return new TraceNode(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, digests, _sha.GetHashAndReset());
    }

    /// <inheritdoc />
    public void Dispose() => _sha.Dispose();

    // tensor_digest = SHA-256(tag ‖ header ‖ element bytes). Tag and header are written into the scratch buffer; the
    // element bytes of the engine's integer and float32 tensors are read in place (little-endian hosts, as the trace
    // format assumes), any other type through Tensor.ToBytes. A tensor of at most SmallTensorBytes is copied behind the
    // header so that the hash takes one append (each append is a call into the native hash).
    private byte[] TensorDigest(Tensor t)
    {
        ReadOnlySpan<byte> elements = t.DataType switch
        {
            TensorDataType.Int8 => MemoryMarshal.AsBytes(t.AsSpan<sbyte>()),
            TensorDataType.Int16 => MemoryMarshal.AsBytes(t.AsSpan<short>()),
            TensorDataType.Int32 => MemoryMarshal.AsBytes(t.AsSpan<int>()),
            TensorDataType.Float32 => MemoryMarshal.AsBytes(t.AsSpan<float>()),
            _ => t.ToBytes(),
        };
        var dims = t.Dims;
        var header = TensorTag.Length + 4 + 4 + 8 * dims.Length + 8;
        var inline = elements.Length <= SmallTensorBytes;
        var size = header + (inline ? elements.Length : 0);
        if (_leaf.Length < size) _leaf = new byte[size];
        TensorTag.CopyTo(_leaf, 0);
        var p = UInt32(TensorTag.Length, (uint)t.DataType);
        p = UInt32(p, (uint)dims.Length);
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_leaf.AsSpan(p), (ulong)d);
            p += 8;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(_leaf.AsSpan(p), (ulong)elements.Length);
        p += 8;
        if (inline)
        {
            elements.CopyTo(_leaf.AsSpan(p));
            _sha.AppendData(_leaf, 0, p + elements.Length);
        }
        else
        {
            _sha.AppendData(_leaf, 0, p);
            _sha.AppendData(elements);
        }
        return _sha.GetHashAndReset();
    }

    /// <summary>Tensors up to this many element bytes are hashed with one append (copied behind the header).</summary>
    private const int SmallTensorBytes = 16 * 1024;

    private int UInt32(int p, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_leaf.AsSpan(p), v);
        return p + 4;
    }

    private int Str(int p, string s, int bytes)
    {
        p = UInt32(p, (uint)bytes);
        Encoding.UTF8.GetBytes(s, _leaf.AsSpan(p));
        return p + bytes;
    }
}
