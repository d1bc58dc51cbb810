using Provenant.Inference.Integer;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// A quantized model (<c>ai.provenant.quant</c> v1) compiled for proving at one input shape: the integer tensors, the
/// ordered layers from the quantized input to the integer output, the public constants, the weights and the circuit
/// digest that binds all of it except the weight values (those are bound by the weight commitment). Built by
/// <see cref="CircuitCompiler.Compile"/>.
/// </summary>
public sealed class InferenceCircuit
{
    private readonly Dictionary<string, CircuitTensor> _byName;
    private readonly Dictionary<int, long[]> _weights;

    internal InferenceCircuit(IReadOnlyList<CircuitTensor> tensors, IReadOnlyList<CircuitLayer> layers, int input, int output,
        CircuitBoundary inputBoundary, CircuitBoundary outputBoundary, Dictionary<int, long[]> weights)
    {
        Tensors = tensors;
        Layers = layers;
        Input = input;
        Output = output;
        InputBoundary = inputBoundary;
        OutputBoundary = outputBoundary;
        _weights = weights;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Digest = ComputeDigest();
    }

    /// <summary>Domain separator of the circuit description (first item of the digested stream).</summary>
    public const string DescriptionDomain = "provenant/circuit/v1";

    /// <summary>All tensors; <c>Tensors[i].Id == i</c>.</summary>
    public IReadOnlyList<CircuitTensor> Tensors { get; }

    /// <summary>Layers in evaluation order (each reads only earlier tensors).</summary>
    public IReadOnlyList<CircuitLayer> Layers { get; }

    /// <summary>Tensor id of the quantized input.</summary>
    public int Input { get; }

    /// <summary>Tensor id of the integer output.</summary>
    public int Output { get; }

    /// <summary>The input Quantize parameters.</summary>
    public CircuitBoundary InputBoundary { get; }

    /// <summary>The output Dequantize parameters.</summary>
    public CircuitBoundary OutputBoundary { get; }

    /// <summary>SHA-256 of the canonical circuit description (docs/proof-system.md §Circuit digest).</summary>
    public byte[] Digest { get; }

    /// <summary>The weight tensors, in id order.</summary>
    public IEnumerable<CircuitTensor> WeightTensors => Tensors.Where(t => t.Role == CircuitTensorRole.Weight);

    /// <summary>Total weight elements (the model's parameter count as proven).</summary>
    public long ParameterCount => WeightTensors.Sum(t => (long)t.Length);

    /// <summary>Sum of the layers' gate counts.</summary>
    public long GateCount => Layers.Sum(l => l.GateCount);

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public CircuitTensor TensorNamed(string name) =>
        _byName.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"the circuit has no tensor '{name}'");

    /// <summary>The values of weight tensor <paramref name="id"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The tensor is not a weight.</exception>
    public long[] WeightValues(int id) =>
        _weights.TryGetValue(id, out var v) ? v : throw new ArgumentException($"tensor {id} is not a weight tensor", nameof(id));

    /// <summary>Quantizes the model's float input exactly as the <c>Quantize</c> node does.</summary>
    /// <exception cref="ArgumentException">Wrong element count, or a NaN element.</exception>
    public long[] QuantizeInput(ReadOnlySpan<float> x)
    {
        var t = Tensors[Input];
        if (x.Length != t.Length) throw new ArgumentException($"input '{InputBoundary.Name}' needs {t.Length} elements, got {x.Length}");
        var q = new long[x.Length];
        for (int i = 0; i < q.Length; i++)
        {
            if (float.IsNaN(x[i])) throw new ArgumentException($"input element {i} is NaN");
            q[i] = QuantArithmetic.QuantizeInput(x[i], InputBoundary.Scale, (int)InputBoundary.ZeroPoint);
        }
        return q;
    }

    /// <summary>Dequantizes the integer output exactly as the <c>Dequantize</c> node does.</summary>
    public float[] DequantizeOutput(ReadOnlySpan<long> y)
    {
        var f = new float[y.Length];
        for (int i = 0; i < f.Length; i++) f[i] = QuantArithmetic.DequantizeOutput(y[i], OutputBoundary.ZeroPoint, OutputBoundary.Scale);
        return f;
    }

    /// <summary>Runs the circuit's own integer semantics on a quantized input, recording every tensor.</summary>
    /// <exception cref="ArgumentException">The input has the wrong length or an element outside int8.</exception>
    public CircuitWitness Evaluate(ReadOnlySpan<long> quantizedInput)
    {
        var input = Tensors[Input];
        if (quantizedInput.Length != input.Length) throw new ArgumentException($"the input has {input.Length} elements, got {quantizedInput.Length}");
        foreach (var v in quantizedInput)
        {
            if (v < input.Minimum || v > input.Maximum) throw new ArgumentException($"input value {v} is outside [{input.Minimum}, {input.Maximum}]");
        }
        var values = new long[Tensors.Count][];
        values[Input] = quantizedInput.ToArray();
        foreach (var (id, w) in _weights) values[id] = w;
        foreach (var layer in Layers) values[layer.Output] = layer.Evaluate(values);
        return new CircuitWitness(this, values);
    }

    private byte[] ComputeDigest()
    {
        using var w = new CircuitDescriptionWriter();
        w.Write(DescriptionDomain);
        w.Write(Tensors.Count);
        foreach (var t in Tensors)
        {
            w.Write(t.Name);
            w.Write(t.Shape.ToArray());
            w.Write((long)t.Role);
            w.Write(t.Minimum);
            w.Write(t.Maximum);
        }
        w.Write(Input);
        w.Write(Output);
        foreach (var b in new[] { InputBoundary, OutputBoundary })
        {
            w.Write(b.Name);
            w.Write(b.Scale);
            w.Write(b.ZeroPoint);
        }
        w.Write(Layers.Count);
        foreach (var l in Layers) l.Describe(w);
        return w.Finish();
    }
}
