using Provenant.Formats.Onnx;
using Provenant.Formats.Tensors;

namespace Provenant.Training.Log;

/// <summary>
/// The tensor root (docs/tensor-commitments.md, algorithm <see cref="TensorCommitment.AlgorithmV1"/>) of an ONNX
/// model's initializers: one leaf per initializer (name, dtype in safetensors spelling, dims, byte length and
/// SHA-256 of the <c>raw_data</c> layout bytes), leaves in UTF-8 name order, RFC 9162 root — the commitment
/// <see cref="TensorCommitter"/> computes over <see cref="OnnxTensorSource"/>, so <c>sign --tensor-root</c> and
/// <c>prove-tensor</c> on the exported model give the same root. A checkpoint's weights root is this root of the model
/// exported from it, so the final checkpoint's root is the trained model's root.
/// </summary>
public static class WeightsRoot
{
    /// <summary>The tensor commitment of <paramref name="model"/>'s initializers.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">Duplicate initializer names, or a string initializer.</exception>
    public static TensorCommitment Of(OnnxModel model, string source)
    {
        using var tensors = new OnnxTensorSource(model, source, 0);
        return TensorCommitter.Commit(tensors);
    }

    /// <summary>The tensor commitment of the ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">The file is not a valid ONNX model.</exception>
    public static TensorCommitment OfFile(string path) => Of(OnnxModelReader.Read(path), path);
}
