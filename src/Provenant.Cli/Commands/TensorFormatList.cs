using Provenant.Formats.Tensors;

namespace Provenant.Cli.Commands;

/// <summary>The weight formats the CLI recognises (inspect, prove-tensor, sign --tensor-root), asked in order.
/// A new reader (for example ONNX initializers) plugs in by adding its <see cref="ITensorFormat"/> here.</summary>
internal static class TensorFormatList
{
    public static IReadOnlyList<ITensorFormat> All { get; } = [.. TensorFormats.Builtin];

    /// <summary>Opens <paramref name="path"/> as a weight file (exit 3 when unrecognised or malformed).</summary>
    public static ITensorSource Open(string path) => TensorFormats.Open(path, All);
}
