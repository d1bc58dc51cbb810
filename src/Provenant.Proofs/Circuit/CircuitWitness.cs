namespace Provenant.Proofs.Circuit;

/// <summary>
/// Every integer tensor of one evaluation of an <see cref="InferenceCircuit"/>, row-major, by tensor id: the quantized
/// input, each layer's output and the weights. This is what the prover needs beyond the public statement.
/// </summary>
public sealed class CircuitWitness
{
    internal CircuitWitness(InferenceCircuit circuit, long[][] values)
    {
        Circuit = circuit;
        Values = values;
    }

    /// <summary>The circuit evaluated.</summary>
    public InferenceCircuit Circuit { get; }

    /// <summary>Values by tensor id.</summary>
    public IReadOnlyList<long[]> Values { get; }

    /// <summary>The quantized input.</summary>
    public long[] Input => Values[Circuit.Input];

    /// <summary>The integer output (before Dequantize).</summary>
    public long[] Output => Values[Circuit.Output];

    /// <summary>The values of the tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public long[] this[string name] => Values[Circuit.TensorNamed(name).Id];
}
