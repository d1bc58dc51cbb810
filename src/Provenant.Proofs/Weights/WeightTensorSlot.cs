namespace Provenant.Proofs.Weights;

/// <summary>
/// One committed integer tensor in the weight MLE: its values (row-major, each axis zero-padded to a power of two as in
/// <see cref="Layers.TensorLayout"/>, 2^<see cref="Variables"/> entries)
/// occupy indices [<see cref="Offset"/>, Offset + 2^Variables) of the big evaluation vector, an aligned power-of-two
/// slot, so the tensor's own MLE at p equals the big MLE at (p ‖ bits of Offset/2^Variables).
/// </summary>
/// <param name="Name">The initializer's name in the ONNX graph.</param>
/// <param name="ElementType">"int8" (QGemm/QConv weights) or "int32" (biases).</param>
/// <param name="Shape">The tensor's dimensions.</param>
/// <param name="Offset">First index of the slot in the big MLE (a multiple of 2^Variables).</param>
/// <param name="Variables">m = Σ_axes ⌈log2 dimension⌉, the tensor MLE's variable count (per-axis padding).</param>
public sealed record WeightTensorSlot(string Name, string ElementType, IReadOnlyList<int> Shape, long Offset, int Variables)
{
    /// <summary>The number of elements, the product of <see cref="Shape"/>.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The slot's size 2^<see cref="Variables"/>.</summary>
    public long SlotSize => 1L << Variables;

    /// <summary>Offset / 2^Variables: the values of the big MLE's high variables that select this slot.</summary>
    public long SlotIndex => Offset >> Variables;
}
