using System.Globalization;
using Provenant.Core.Errors;

namespace Provenant.Formats.Gguf;

/// <summary>Reads <c>gguf_metadata_value_t</c> values of every type, arrays nested up to <see cref="GgufLimits.MaxArrayDepth"/>.</summary>
internal static class GgufValueReader
{
    /// <summary>Smallest encoding of one value of <paramref name="type"/> in bytes (strings: the u64 length;
    /// arrays: type and count).</summary>
    public static int MinSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.String or GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        GgufValueType.Array => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static GgufValueType ReadType(GgufCursor c, string field)
    {
        var at = c.Position;
        var t = c.U32(field);
        if (t > (uint)GgufValueType.Float64)
        {
            throw c.Fail(field, "a gguf_metadata_value_type from 0 to 12", t.ToString(CultureInfo.InvariantCulture), at);
        }
        return (GgufValueType)t;
    }

    public static object Read(GgufCursor c, GgufValueType type, string field, int depth) => type switch
    {
        GgufValueType.UInt8 => c.U8(field),
        GgufValueType.Int8 => (sbyte)c.U8(field),
        GgufValueType.UInt16 => c.U16(field),
        GgufValueType.Int16 => (short)c.U16(field),
        GgufValueType.UInt32 => c.U32(field),
        GgufValueType.Int32 => (int)c.U32(field),
        GgufValueType.Float32 => BitConverter.UInt32BitsToSingle(c.U32(field)),
        GgufValueType.Bool => Bool(c, field),
        GgufValueType.String => c.String(field, long.MaxValue),
        GgufValueType.Array => Array(c, field, depth),
        GgufValueType.UInt64 => c.U64(field),
        GgufValueType.Int64 => (long)c.U64(field),
        GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(c.U64(field)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static bool Bool(GgufCursor c, string field)
    {
        var at = c.Position;
        var b = c.U8(field);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw c.Fail(field, "a bool byte 0 or 1", b.ToString(CultureInfo.InvariantCulture), at),
        };
    }

    private static GgufArray Array(GgufCursor c, string field, int depth)
    {
        var at = c.Position;
        if (depth >= GgufLimits.MaxArrayDepth) throw c.Fail(field, $"arrays nested at most {GgufLimits.MaxArrayDepth} deep", "a deeper array", at);
        var type = ReadType(c, field + " element type");
        var countAt = c.Position;
        var count = c.U64(field + " count");
        c.RequireRoom(count, MinSize(type), field + " count", countAt);
        var n = (int)count;
        System.Array items = type switch
        {
            GgufValueType.UInt8 => new byte[n],
            GgufValueType.Int8 => new sbyte[n],
            GgufValueType.UInt16 => new ushort[n],
            GgufValueType.Int16 => new short[n],
            GgufValueType.UInt32 => new uint[n],
            GgufValueType.Int32 => new int[n],
            GgufValueType.Float32 => new float[n],
            GgufValueType.Bool => new bool[n],
            GgufValueType.String => new string[n],
            GgufValueType.Array => new GgufArray[n],
            GgufValueType.UInt64 => new ulong[n],
            GgufValueType.Int64 => new long[n],
            _ => new double[n],
        };
        for (var i = 0; i < n; i++)
        {
            items.SetValue(Read(c, type, field, depth + 1), i);
        }
        return new GgufArray(type, items);
    }
}
