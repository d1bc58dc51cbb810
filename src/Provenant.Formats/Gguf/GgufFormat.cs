using Provenant.Formats.Tensors;

namespace Provenant.Formats.Gguf;

/// <summary>Recognises GGUF files by their magic bytes "GGUF".</summary>
public sealed class GgufFormat : ITensorFormat
{
    /// <inheritdoc />
    public string Name => "gguf";

    /// <inheritdoc />
    public bool Recognizes(string path, ReadOnlySpan<byte> head) => head.StartsWith(GgufFile.Magic);

    /// <inheritdoc />
    public ITensorSource Open(string path) => GgufFile.Open(path);
}
