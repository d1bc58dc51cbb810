namespace Provenant.Formats.Gguf;

/// <summary><c>gguf_metadata_value_type</c> (GGUF specification, "File Structure"): the type tag of a metadata value.</summary>
public enum GgufValueType : uint
{
    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 0,

    /// <summary>8-bit signed integer.</summary>
    Int8 = 1,

    /// <summary>16-bit unsigned little-endian integer.</summary>
    UInt16 = 2,

    /// <summary>16-bit signed little-endian integer.</summary>
    Int16 = 3,

    /// <summary>32-bit unsigned little-endian integer.</summary>
    UInt32 = 4,

    /// <summary>32-bit signed little-endian integer.</summary>
    Int32 = 5,

    /// <summary>IEEE 754 binary32.</summary>
    Float32 = 6,

    /// <summary>One byte, 0 (false) or 1 (true); anything else is invalid.</summary>
    Bool = 7,

    /// <summary>u64 length, then that many bytes of UTF-8 (no terminator).</summary>
    String = 8,

    /// <summary>u32 element type, u64 element count, then the elements (arrays may nest).</summary>
    Array = 9,

    /// <summary>64-bit unsigned little-endian integer.</summary>
    UInt64 = 10,

    /// <summary>64-bit signed little-endian integer.</summary>
    Int64 = 11,

    /// <summary>IEEE 754 binary64.</summary>
    Float64 = 12,
}
