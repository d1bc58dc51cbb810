using System.Security.Cryptography;
using Provenant.Core.Merkle;
using Provenant.Formats.Onnx;
using Provenant.Formats.Tensors;

namespace Provenant.Training.Log;

/// <summary>
/// The tensor root (docs/tensor-commitments.md, algorithm <see cref="TensorCommitment.AlgorithmV1"/>) of an ONNX
/// model's initializers: one leaf per initializer (name, dtype in safetensors spelling, dims, byte length and
/// SHA-256 of the <c>raw_data</c> layout bytes), leaves in UTF-8 name order, RFC 9162 root. A checkpoint's weights
/// root is this root of the model exported from it, so the final checkpoint's root is the trained model's root.
/// </summary>
public static class WeightsRoot
{
    /// <summary>The tensor commitment of <paramref name="model"/>'s initializers.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">Duplicate initializer names, or a string initializer.</exception>
    public static TensorCommitment Of(OnnxModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var byName = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var infos = new List<TensorInfo>();
        foreach (var t in model.Graph.Initializers)
        {
            if (t.DataType == OnnxDataType.String)
            {
                throw new Core.Errors.ProvenantFormatException(source, $"initializer \"{t.Name}\"", "a numeric tensor", "a string tensor");
            }
            byName.TryAdd(t.Name, t);
            infos.Add(new TensorInfo(t.Name, DTypeOf(t.DataType), t.Dims, t.RawData.Length, null));
        }
        var leaves = TensorOrder.Canonical(infos, source)
            .Select(i => TensorLeaf.Hash(i.Name, i.DType, i.Shape, i.ByteLength, SHA256.HashData(byName[i.Name].RawData.Span)))
            .ToList();
        return new TensorCommitment(TensorCommitment.AlgorithmV1, Rfc9162.RootFromLeafHashes(leaves), leaves.Count);
    }

    /// <summary>The tensor commitment of the ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">The file is not a valid ONNX model.</exception>
    public static TensorCommitment OfFile(string path) => Of(OnnxModelReader.Read(path), path);

    private static string DTypeOf(OnnxDataType t) => OnnxDataTypes.SafetensorsDType(t) ?? "ONNX" + (int)t;
}
