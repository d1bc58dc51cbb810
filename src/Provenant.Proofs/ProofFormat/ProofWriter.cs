using System.Buffers.Binary;
using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.ProofFormat;

/// <summary>Appends the little-endian encodings <see cref="ProofReader"/> reads.</summary>
internal sealed class ProofWriter
{
    private readonly MemoryStream _stream = new();

    public void U8(int v) => _stream.WriteByte(checked((byte)v));

    public void U16(int v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, checked((ushort)v));
        _stream.Write(b);
    }

    public void U32(long v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, checked((uint)v));
        _stream.Write(b);
    }

    public void Bytes(ReadOnlySpan<byte> b) => _stream.Write(b);

    public void Block(ReadOnlySpan<byte> b)
    {
        U32(b.Length);
        _stream.Write(b);
    }

    public void Ext(GoldilocksExt2 v)
    {
        Span<byte> b = stackalloc byte[GoldilocksExt2.Size];
        v.WriteTo(b);
        _stream.Write(b);
    }

    public void Sumcheck(SumcheckProof proof)
    {
        int width = proof.Rounds.Length == 0 ? 2 : proof.Rounds[0].Length;
        U8(proof.Rounds.Length);
        U8(width);
        foreach (var round in proof.Rounds)
        {
            if (round.Length != width) throw new ArgumentException("sumcheck rounds differ in width");
            foreach (var v in round) Ext(v);
        }
    }

    public byte[] ToArray() => _stream.ToArray();
}
