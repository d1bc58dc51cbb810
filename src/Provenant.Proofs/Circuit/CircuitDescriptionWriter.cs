using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// Accumulates the canonical binary description of a circuit into SHA-256: strings as u32 length + UTF-8, integers
/// as little-endian i64, arrays as u32 count + elements. The digest of that stream is the circuit digest
/// (docs/proof-system.md §Circuit digest).
/// </summary>
internal sealed class CircuitDescriptionWriter : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Write(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Write((long)bytes.Length);
        _hash.AppendData(bytes);
    }

    public void Write(long v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        _hash.AppendData(b);
    }

    public void Write(ReadOnlySpan<int> values)
    {
        Write((long)values.Length);
        foreach (var v in values) Write(v);
    }

    public void Write(ReadOnlySpan<long> values)
    {
        Write((long)values.Length);
        foreach (var v in values) Write(v);
    }

    public void Write(float v) => Write((long)BitConverter.SingleToInt32Bits(v));

    public byte[] Finish() => _hash.GetHashAndReset();

    public void Dispose() => _hash.Dispose();
}
