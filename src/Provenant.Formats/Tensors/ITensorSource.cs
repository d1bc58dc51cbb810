namespace Provenant.Formats.Tensors;

/// <summary>
/// A validated weight file seen as a list of tensors: what <c>provenant inspect</c> prints and what
/// <see cref="TensorCommitter"/> commits to. Implemented by the safetensors and GGUF readers; an ONNX reader
/// implements it for the model's initializers.
/// </summary>
/// <remarks>
/// Contract: <see cref="Tensors"/> has unique names and every entry's data can be read with <see cref="OpenTensor"/>,
/// which yields exactly <see cref="TensorInfo.ByteLength"/> bytes (or throws a <see cref="Core.Errors.ProvenantException"/>
/// when the file changed or cannot be read). A source validates the file when it is opened, never lazily on read.
/// Sources hold an open file handle until disposed; they are safe to read from several threads at once.
/// </remarks>
public interface ITensorSource : IDisposable
{
    /// <summary>Format name: <c>safetensors</c>, <c>gguf</c>, <c>onnx</c>.</summary>
    string Format { get; }

    /// <summary>The file the tensors come from (for messages).</summary>
    string Path { get; }

    /// <summary>Size of the file in bytes.</summary>
    long FileLength { get; }

    /// <summary>Format facts worth printing (version, header length, alignment, data offset…), in display order.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Details { get; }

    /// <summary>The file's own metadata entries, in file order.</summary>
    IReadOnlyList<MetadataEntry> Metadata { get; }

    /// <summary>The tensors in file order.</summary>
    IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>A read-only stream of the tensor's data (exactly <see cref="TensorInfo.ByteLength"/> bytes).</summary>
    /// <param name="tensor">One of <see cref="Tensors"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="tensor"/> does not belong to this source.</exception>
    Stream OpenTensor(TensorInfo tensor);
}
