namespace Provenant.Formats.Gguf;

/// <summary>
/// A ggml tensor type as GGUF stores it: its numeric id, its name and its block layout. A row of
/// <c>ne[0]</c> elements takes <c>ne[0] / BlockSize × TypeSize</c> bytes, and <c>ne[0]</c> must be a multiple of
/// <see cref="BlockSize"/> (ggml's <c>ggml_row_size</c>).
/// </summary>
/// <param name="Id">The <c>ggml_type</c> value in the file.</param>
/// <param name="Name">Upper-case name, e.g. <c>Q4_K</c> (the dtype string of <see cref="Tensors.TensorInfo"/>).</param>
/// <param name="BlockSize">Elements per block (1 for plain types, 32 for Q4_0…, 256 for the K and most IQ types).</param>
/// <param name="TypeSize">Bytes per block.</param>
public sealed record GgmlTypeInfo(uint Id, string Name, int BlockSize, int TypeSize);
