using System.Buffers.Binary;
using Provenant.Core.Errors;

namespace Provenant.Training.Checkpoints;

/// <summary>Bounded cursor over checkpoint and training-log bytes: every read checks the bytes left first.</summary>
internal ref struct CheckpointReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private readonly string _what;

    public CheckpointReader(ReadOnlySpan<byte> data, string source, string what = "checkpoint", int baseOffset = 0)
    {
        _data = data;
        _source = source;
        _what = what;
        BaseOffset = baseOffset;
        Offset = 0;
    }

    /// <summary>Offset of <c>data</c> within its file (added to reported offsets).</summary>
    public int BaseOffset { get; }

    public readonly int Remaining => _data.Length - Offset;

    public int Offset { get; private set; }

    public readonly ProvenantFormatException Fail(string field, string expected, long offset, string? found = null) =>
        new(_source, field, expected, found, BaseOffset + offset);

    public ReadOnlySpan<byte> Bytes(int n, string field)
    {
        if (_data.Length - Offset < n)
        {
            throw Fail(field, $"{n} more bytes", Offset, $"{_data.Length - Offset} (truncated)");
        }
        var s = _data.Slice(Offset, n);
        Offset += n;
        return s;
    }

    public uint UInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, field));

    public byte Byte(string field) => Bytes(1, field)[0];

    public double Double(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8, field));

    public long Int64(string field)
    {
        var at = Offset;
        var v = BinaryPrimitives.ReadInt64LittleEndian(Bytes(8, field));
        return v >= 0 ? v : throw Fail(field, "a non-negative count", at, $"{v}");
    }

    /// <summary>A u32 count of items of <paramref name="itemBytes"/> bytes each, at most <paramref name="max"/> and fitting in the bytes left.</summary>
    public int Count(string field, long itemBytes, int max)
    {
        var at = Offset;
        var v = UInt32(field);
        if (v > max || v * itemBytes > _data.Length - Offset)
        {
            var left = _data.Length - Offset;
            var fit = itemBytes <= 0 ? max : Math.Min(max, left / itemBytes);
            throw Fail(field, $"at most {fit} items of {itemBytes} bytes (the limit is {max}; {left} bytes left)", at, $"{v}");
        }
        return (int)v;
    }

    public float[] Floats(int count, string field)
    {
        var bytes = Bytes(checked(count * 4), field);
        var values = new float[count];
        if (BitConverter.IsLittleEndian)
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
            return values;
        }
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }
        return values;
    }

    public readonly void End()
    {
        if (Offset != _data.Length)
        {
            throw Fail("end", $"the end of the {_what}", Offset, $"{_data.Length - Offset} trailing bytes");
        }
    }
}
