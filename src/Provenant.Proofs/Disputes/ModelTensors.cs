using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Formats.Tensors;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The per-tensor commitment (<see cref="TensorCommitment.AlgorithmV1"/>, docs/tensor-commitments.md) over an ONNX
/// model's initializers — the same one <c>sign --tensor-root</c> records (<see cref="OnnxTensorSource"/>) — with the
/// leaves kept (<see cref="TensorLeafSet"/>) so that any number of <see cref="TensorProof"/>s cost no re-hashing.
/// </summary>
public sealed class ModelTensors
{
    private readonly TensorLeafSet _leaves;

    private ModelTensors(TensorLeafSet leaves) => _leaves = leaves;

    /// <summary>Commits to the initializers of <paramref name="model"/>.</summary>
    /// <exception cref="ProvenantFormatException">Duplicate initializer names, or a string initializer.</exception>
    public static ModelTensors FromModel(OnnxModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var tensors = new OnnxTensorSource(model, source, 0);
        return new ModelTensors(TensorLeafSet.Hash(tensors));
    }

    /// <summary>Root, count and algorithm.</summary>
    public TensorCommitment Commitment => _leaves.Commitment;

    /// <summary>An inclusion proof for the initializer named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such initializer.</exception>
    public TensorProof Prove(string name) => _leaves.Prove(name);

    /// <summary>The dtype spelling of an ONNX element type (<see cref="OnnxTensorSource.DType"/>).</summary>
    public static string DType(OnnxDataType type) => OnnxTensorSource.DType(type);
}
