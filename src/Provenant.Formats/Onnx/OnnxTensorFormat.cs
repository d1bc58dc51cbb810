using Provenant.Formats.Tensors;

namespace Provenant.Formats.Onnx;

/// <summary>Recognises ONNX models by their <c>.onnx</c> extension (a protobuf message has no magic number) and opens
/// their initializers as an <see cref="OnnxTensorSource"/>.</summary>
public sealed class OnnxTensorFormat : ITensorFormat
{
    /// <inheritdoc />
    public string Name => "onnx";

    /// <inheritdoc />
    public bool Recognizes(string path, ReadOnlySpan<byte> head) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ITensorSource Open(string path) => OnnxTensorSource.Open(path);
}
