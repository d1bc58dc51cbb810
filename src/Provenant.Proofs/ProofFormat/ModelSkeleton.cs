using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// The public part of a quantized model that a verifier needs to rebuild the circuit without the weights: the ONNX model
/// with every committed weight and bias initializer (the tensors of the <see cref="WeightLayout"/>) replaced by an empty
/// tensor of the same name and type. Everything else (graph, shapes, zero points, multipliers, shifts, tables, scales)
/// is kept. The verifier restores zeros of the committed shapes from the weight commitment's layout, compiles the
/// circuit and compares its digest with the statement's.
/// </summary>
public static class ModelSkeleton
{
    /// <summary>Largest skeleton accepted (16 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>The skeleton bytes of <paramref name="model"/> for the weights <paramref name="layout"/> commits.</summary>
    public static byte[] Strip(OnnxModel model, WeightLayout layout)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layout);
        var initializers = model.Graph.Initializers
            .Select(t => layout.Find(t.Name) is null ? t : new OnnxTensor(t.Name, t.DataType, [0], ReadOnlyMemory<byte>.Empty))
            .ToArray();
        return OnnxModelWriter.ToBytes(model with { Graph = model.Graph with { Initializers = initializers } });
    }

    /// <summary>Parses a skeleton and puts zero tensors of the committed shapes in place of the stripped weights.</summary>
    /// <exception cref="ProvenantFormatException">The bytes are not an ONNX model, or a committed tensor is missing, not empty or of another type.</exception>
    public static ModelGraph Restore(byte[] skeleton, WeightLayout layout, string source)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentNullException.ThrowIfNull(layout);
        var model = OnnxModelReader.Parse(skeleton, source);
        var present = new HashSet<string>(StringComparer.Ordinal);
        var initializers = new List<OnnxTensor>(model.Graph.Initializers.Count);
        foreach (var t in model.Graph.Initializers)
        {
            var slot = layout.Find(t.Name);
            if (slot is null)
            {
                initializers.Add(t);
                continue;
            }
            var type = slot.ElementType == "int8" ? OnnxDataType.Int8 : OnnxDataType.Int32;
            if (t.DataType != type || t.ElementCount != 0 || !present.Add(t.Name))
                throw new ProvenantFormatException(source, $"initializer '{t.Name}'", $"an empty {slot.ElementType} placeholder for a committed tensor", $"{t.ShapeText}");
            int width = type == OnnxDataType.Int8 ? 1 : 4;
            initializers.Add(new OnnxTensor(t.Name, type, slot.Shape.Select(d => (long)d).ToArray(), new byte[slot.ElementCount * width]));
        }
        foreach (var slot in layout.Slots)
        {
            if (!present.Contains(slot.Name)) throw new ProvenantFormatException(source, $"initializer '{slot.Name}'", "a placeholder for every committed tensor", "none");
        }
        return ModelGraph.FromOnnx(model with { Graph = model.Graph with { Initializers = initializers } }, source);
    }
}
