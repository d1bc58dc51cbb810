using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Places every advice tensor of a proof in one multilinear polynomial for a single PCS commitment: tensors sorted by
/// padded size (descending, stable), packed from index 0 so every offset is a multiple of the tensor's own size; a
/// claim on a tensor at point r becomes a claim on the bundle at r ‖ bits(offset / size). Same rule as the weight layout.
/// </summary>
internal sealed class AdviceLayout
{
    private readonly Dictionary<string, (AdviceTensor Tensor, long Offset)> _slots = new(StringComparer.Ordinal);

    public AdviceLayout(IEnumerable<AdviceTensor> tensors)
    {
        long offset = 0;
        foreach (var t in tensors.Select((t, i) => (t, i)).OrderByDescending(x => x.t.Layout.VariableCount).ThenBy(x => x.i).Select(x => x.t))
        {
            if (!_slots.TryAdd(t.Name, (t, offset))) throw new ArgumentException($"advice tensor '{t.Name}' appears twice");
            offset += 1L << t.Layout.VariableCount;
        }
        VariableCount = MultilinearExtension.VariableCount(offset);
    }

    public int Count => _slots.Count;

    public int VariableCount { get; }

    public bool Contains(string name) => _slots.ContainsKey(name);

    public int VariablesOf(string name) => _slots[name].Tensor.Layout.VariableCount;

    /// <summary>The bundle's 2^n evaluations from each tensor's padded table.</summary>
    public Goldilocks[] Evaluations(Func<AdviceTensor, Goldilocks[]> padded)
    {
        var values = new Goldilocks[1L << VariableCount];
        foreach (var (tensor, offset) in _slots.Values)
        {
            var t = padded(tensor);
            if (t.Length != tensor.Layout.PaddedLength) throw new ArgumentException($"advice '{tensor.Name}': {t.Length} values, expected {tensor.Layout.PaddedLength}");
            t.CopyTo(values.AsSpan((int)offset));
        }
        return values;
    }

    /// <summary>The bundle point of a claim on <paramref name="name"/> at <paramref name="point"/>, or null when it does not fit.</summary>
    public GoldilocksExt2[]? MapPoint(string name, GoldilocksExt2[] point)
    {
        if (!_slots.TryGetValue(name, out var slot) || point.Length != slot.Tensor.Layout.VariableCount) return null;
        var full = new GoldilocksExt2[VariableCount];
        point.CopyTo(full, 0);
        long index = slot.Offset >> point.Length;
        for (int i = point.Length; i < full.Length; i++, index >>= 1) full[i] = (index & 1) != 0 ? GoldilocksExt2.One : GoldilocksExt2.Zero;
        return full;
    }
}
