namespace Provenant.Formats.Gguf;

/// <summary>One GGUF tensor info (<c>gguf_tensor_info_t</c>) after validation.</summary>
/// <param name="Name">Tensor name (at most <see cref="GgufLimits.MaxTensorNameBytes"/> bytes).</param>
/// <param name="Dimensions">Dimensions as stored: <c>ne[0]</c> (fastest-varying) first.</param>
/// <param name="Type">The ggml type.</param>
/// <param name="Offset">Offset as stored, relative to the start of the tensor data section.</param>
/// <param name="FileOffset">Absolute offset of the data in the file.</param>
/// <param name="ElementCount">Product of the dimensions.</param>
/// <param name="ByteLength">Size of the data: <c>ne[0] / block × type_size × ne[1] × ne[2] × ne[3]</c>.</param>
/// <param name="InfoOffset">Where the tensor info starts in the file.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<ulong> Dimensions, GgmlTypeInfo Type, ulong Offset, long FileOffset,
    long ElementCount, long ByteLength, long InfoOffset);
