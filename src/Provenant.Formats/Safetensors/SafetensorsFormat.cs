using System.Buffers.Binary;
using Provenant.Formats.Tensors;

namespace Provenant.Formats.Safetensors;

/// <summary>Recognises safetensors files: a <c>.safetensors</c> extension, or a plausible header length
/// (≤ <see cref="SafetensorsFile.MaxHeaderBytes"/>) followed by '{' (the format has no magic number).</summary>
public sealed class SafetensorsFormat : ITensorFormat
{
    /// <inheritdoc />
    public string Name => "safetensors";

    /// <inheritdoc />
    public bool Recognizes(string path, ReadOnlySpan<byte> head) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
        || (head.Length >= 9 && BinaryPrimitives.ReadUInt64LittleEndian(head) <= SafetensorsFile.MaxHeaderBytes && head[8] == (byte)'{');

    /// <inheritdoc />
    public ITensorSource Open(string path) => SafetensorsFile.Open(path);
}
