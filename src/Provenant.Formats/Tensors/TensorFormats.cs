using Provenant.Core.Errors;
using Provenant.Formats.Gguf;
using Provenant.Formats.Onnx;
using Provenant.Formats.Safetensors;

namespace Provenant.Formats.Tensors;

/// <summary>Recognises a weight file among a list of <see cref="ITensorFormat"/>s and opens it.</summary>
public static class TensorFormats
{
    /// <summary>How many leading bytes are read for <see cref="ITensorFormat.Recognizes"/>.</summary>
    public const int HeadLength = 16;

    /// <summary>The formats this assembly reads: GGUF (by magic), then safetensors (by header shape or extension), then
    /// ONNX initializers (by extension).</summary>
    public static IReadOnlyList<ITensorFormat> Builtin { get; } = [new GgufFormat(), new SafetensorsFormat(), new OnnxTensorFormat()];

    /// <summary>The first format in <paramref name="formats"/> that recognises <paramref name="path"/>, or null.</summary>
    /// <exception cref="ProvenantException">The file does not exist or cannot be read.</exception>
    public static ITensorFormat? Find(string path, IEnumerable<ITensorFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        Span<byte> head = stackalloc byte[HeadLength];
        int n;
        using (var handle = TensorFile.OpenHandle(path))
        {
            n = TensorFile.ReadAtMost(handle, head, 0, path);
        }
        foreach (var f in formats)
        {
            if (f.Recognizes(path, head[..n])) return f;
        }
        return null;
    }

    /// <summary>Opens <paramref name="path"/> with the first format that recognises it.</summary>
    /// <exception cref="ProvenantFormatException">No format recognises the file, or it is malformed.</exception>
    /// <exception cref="ProvenantException">The file does not exist or cannot be read.</exception>
    public static ITensorSource Open(string path, IEnumerable<ITensorFormat> formats)
    {
        var list = formats.ToList();
        var f = Find(path, list) ?? throw new ProvenantFormatException(path, "file",
            "a weight file in one of these formats: " + string.Join(", ", list.Select(x => x.Name)), "an unrecognised file", 0);
        return f.Open(path);
    }
}
