namespace Provenant.Signing.Oms;

/// <summary>
/// Computes the per-tensor Merkle root of a model file. Signing stays independent of the weight readers: the caller
/// (the CLI) supplies an implementation built on <c>Provenant.Formats</c>.
/// </summary>
public interface ITensorRootCalculator
{
    /// <summary>The tensor root of the file at <paramref name="fullPath"/>, or null when it is not a weight file this
    /// calculator reads (then it has no tensor root).</summary>
    /// <param name="fullPath">The file to read.</param>
    /// <param name="name">Its OMS resource path (<c>.</c> for a single-file model), copied into the entry.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="Core.Errors.ProvenantException">The file is a weight file but malformed or unreadable.</exception>
    TensorRootEntry? Compute(string fullPath, string name, CancellationToken cancellationToken = default);
}
