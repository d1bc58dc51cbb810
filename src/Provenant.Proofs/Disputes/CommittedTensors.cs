using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The entries of <c>values</c> that name committed tensors (the model's weights), as a view (nothing is copied): what a
/// referee's single-node run takes as the kernel's constants, so that the load-time checks apply to exactly the
/// committed tensors and every other input is a computed value (<see cref="NodeReexecution"/>, <see cref="ChunkReexecution"/>,
/// a claimant's re-run in <see cref="DisputeModel"/>).
/// </summary>
internal sealed class CommittedTensors(IReadOnlyDictionary<string, Tensor> values, IReadOnlySet<string> weights) : IReadOnlyDictionary<string, Tensor>
{
    public Tensor this[string key] => TryGetValue(key, out var t) ? t : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => values.Keys.Where(weights.Contains);

    public IEnumerable<Tensor> Values => Keys.Select(k => values[k]);

    public int Count => Keys.Count();

    public bool ContainsKey(string key) => weights.Contains(key) && values.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value)
    {
        value = null;
        return weights.Contains(key) && values.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => values.Where(p => weights.Contains(p.Key)).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
