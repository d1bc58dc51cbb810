using Provenant.Formats.Tensors;
using Provenant.Signing.Oms;

namespace Provenant.Cli.Commands;

/// <summary>Computes OMS tensor roots with the weight readers of <see cref="TensorFormatList"/>; files no reader
/// recognises have none.</summary>
internal sealed class TensorRootCalculator : ITensorRootCalculator
{
    public TensorRootEntry? Compute(string fullPath, string name, CancellationToken cancellationToken = default)
    {
        if (TensorFormats.Find(fullPath, TensorFormatList.All) is not { } format) return null;
        using var source = format.Open(fullPath);
        var c = TensorCommitter.Commit(source, cancellationToken: cancellationToken);
        return new TensorRootEntry(name, source.Format, c.Algorithm, c.Root, c.TensorCount);
    }
}
