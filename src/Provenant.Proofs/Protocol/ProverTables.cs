using Provenant.Proofs.Circuit;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;

namespace Provenant.Proofs.Protocol;

/// <summary>The prover's view of a witness: row-major integer values and padded field tables per circuit tensor (cached).</summary>
internal sealed class ProverTables(CircuitWitness witness)
{
    private readonly Dictionary<int, Goldilocks[]> _padded = [];
    private readonly Dictionary<string, Goldilocks[]> _advice = new(StringComparer.Ordinal);

    /// <summary>Applied once to every advice table when it is first computed (tests model a cheating prover with it).</summary>
    public Action<string, Goldilocks[]>? Tamper { get; init; }

    /// <summary>An advice table, computed by its owner once and cached, so the commitment and the proof use the same values.</summary>
    public Goldilocks[] Advice(LayerProtocol owner, AdviceTensor advice) => Advice(advice.Name, () => owner.AdviceValues(this, advice));

    /// <summary>An advice table by name, computed by <paramref name="compute"/> once and cached.</summary>
    public Goldilocks[] Advice(string name, Func<Goldilocks[]> compute)
    {
        if (!_advice.TryGetValue(name, out var t))
        {
            t = compute();
            Tamper?.Invoke(name, t);
            _advice[name] = t;
        }
        return t;
    }

    public CircuitWitness Witness { get; } = witness;

    public InferenceCircuit Circuit => Witness.Circuit;

    public long[] Values(int tensor) => Witness.Values[tensor];

    /// <summary>Row-major values as field elements (unpadded).</summary>
    public Goldilocks[] Field(int tensor) => Embed(Witness.Values[tensor]);

    /// <summary>The tensor's per-axis padded table.</summary>
    public Goldilocks[] Padded(int tensor)
    {
        if (!_padded.TryGetValue(tensor, out var t))
        {
            t = Layout(Circuit.Tensors[tensor]).Pad(Witness.Values[tensor]);
            _padded[tensor] = t;
        }
        return t;
    }

    public static TensorLayout Layout(CircuitTensor t) => new([.. t.Shape]);

    public static Goldilocks[] Embed(ReadOnlySpan<long> values)
    {
        var f = new Goldilocks[values.Length];
        for (int i = 0; i < f.Length; i++) f[i] = Goldilocks.FromInt64(values[i]);
        return f;
    }
}
