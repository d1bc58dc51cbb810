namespace Provenant.Formats.Tensors;

/// <summary>
/// A weight-file format that can be recognised and opened as an <see cref="ITensorSource"/>. The CLI keeps a list
/// of these (see <see cref="TensorFormats.Builtin"/>) and asks each in turn, so a new format plugs in by adding one
/// implementation to that list.
/// </summary>
public interface ITensorFormat
{
    /// <summary>Format name, e.g. <c>gguf</c>.</summary>
    string Name { get; }

    /// <summary>True when the file looks like this format: by magic bytes where the format has them, else by extension.</summary>
    /// <param name="path">The file path (for its extension).</param>
    /// <param name="head">The first bytes of the file (up to <see cref="TensorFormats.HeadLength"/>; fewer for a short file).</param>
    bool Recognizes(string path, ReadOnlySpan<byte> head);

    /// <summary>Opens and fully validates the file.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">The file is malformed.</exception>
    /// <exception cref="Core.Errors.ProvenantException">The file cannot be read.</exception>
    ITensorSource Open(string path);
}
