namespace Provenant.Proofs.Circuit;

/// <summary>
/// One integer tensor of an <see cref="InferenceCircuit"/>: its ONNX value name, row-major shape, role and the
/// range its elements are guaranteed to lie in (int8 [−128, 127], int16, int32).
/// </summary>
/// <remarks>
/// Multilinear layout (docs/proof-system.md §Layout): every axis is zero-padded to the next power of two
/// separately, and the padded tensor is read row-major, so the last axis occupies the lowest variables. Element
/// (i_0, …, i_{d−1}) sits at hypercube index Σ_a i_a · Π_{b&gt;a} P_b with P_b = 2^⌈log2 shape_b⌉. Splitting the
/// variables by axis is what lets a matrix product sum over one axis.
/// </remarks>
public sealed class CircuitTensor
{
    internal CircuitTensor(int id, string name, int[] shape, CircuitTensorRole role, long minimum, long maximum)
    {
        Id = id;
        Name = name;
        Shape = shape;
        Role = role;
        Minimum = minimum;
        Maximum = maximum;
        PaddedShape = shape.Select(d => 1 << Polynomials.MultilinearExtension.VariableCount(d)).ToArray();
        AxisVariables = shape.Select(d => Polynomials.MultilinearExtension.VariableCount(d)).ToArray();
        VariableCount = AxisVariables.Sum();
        Length = shape.Aggregate(1, (a, d) => checked(a * d));
    }

    /// <summary>Position in <see cref="InferenceCircuit.Tensors"/>.</summary>
    public int Id { get; }

    /// <summary>The ONNX value (or initializer) name.</summary>
    public string Name { get; }

    /// <summary>Row-major dimensions.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Dimensions padded to powers of two (the multilinear layout).</summary>
    public IReadOnlyList<int> PaddedShape { get; }

    /// <summary>Variables per axis: ⌈log2 shape_a⌉.</summary>
    public IReadOnlyList<int> AxisVariables { get; }

    /// <summary>Total variables of the tensor's multilinear extension.</summary>
    public int VariableCount { get; }

    /// <summary>Number of elements (product of the shape).</summary>
    public int Length { get; }

    /// <summary>Input, activation or weight.</summary>
    public CircuitTensorRole Role { get; }

    /// <summary>Smallest value an element may take.</summary>
    public long Minimum { get; }

    /// <summary>Largest value an element may take.</summary>
    public long Maximum { get; }

    /// <summary>The hypercube index of row-major element <paramref name="flat"/>.</summary>
    public int PaddedIndex(int flat)
    {
        int padded = 0, stride = 1;
        for (int a = Shape.Count - 1; a >= 0; a--)
        {
            int i = flat % Shape[a];
            flat /= Shape[a];
            padded += i * stride;
            stride *= PaddedShape[a];
        }
        return padded;
    }

    /// <summary>For every row-major element, its hypercube index (see the remarks).</summary>
    public int[] PaddedIndexMap()
    {
        var map = new int[Length];
        for (int i = 0; i < map.Length; i++) map[i] = PaddedIndex(i);
        return map;
    }

    /// <summary>Values in the multilinear layout: 2^<see cref="VariableCount"/> field elements, zeros in the padding.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not have <see cref="Length"/> elements.</exception>
    public Field.Goldilocks[] ToEvaluations(ReadOnlySpan<long> values)
    {
        if (values.Length != Length) throw new ArgumentException($"tensor '{Name}' has {Length} elements, got {values.Length}");
        var table = new Field.Goldilocks[1 << VariableCount];
        for (int i = 0; i < values.Length; i++) table[PaddedIndex(i)] = Field.Goldilocks.FromInt64(values[i]);
        return table;
    }

    /// <summary>For messages: <c>'h3.weight' [64,64]</c>.</summary>
    public override string ToString() => $"'{Name}' [{string.Join(",", Shape)}]";
}
