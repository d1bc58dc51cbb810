namespace Provenant.Formats.Safetensors;

/// <summary>One tensor entry of a safetensors header as written: <c>name: {dtype, shape, data_offsets: [begin, end]}</c>.</summary>
/// <param name="Name">Tensor name (the JSON key).</param>
/// <param name="DType">The <c>dtype</c> string.</param>
/// <param name="Shape">The <c>shape</c> array.</param>
/// <param name="Begin">First byte of the data, relative to the start of the byte buffer.</param>
/// <param name="End">One past the last byte, relative to the start of the byte buffer.</param>
/// <param name="HeaderOffset">File offset of the entry's key, for messages.</param>
internal sealed record SafetensorsHeaderEntry(string Name, string DType, long[] Shape, ulong Begin, ulong End, long HeaderOffset);
