using Google.Protobuf;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Formats.Onnx.Proto;

namespace Provenant.Formats.Onnx;

/// <summary>
/// A single serialized <c>TensorProto</c> in a file: the <c>input_N.pb</c>/<c>output_N.pb</c> form of
/// the ONNX backend conformance tests (onnx/backend/test/data/node/*/test_data_set_*). Matched pair:
/// <see cref="Read"/>/<see cref="Parse"/> and <see cref="Write"/>/<see cref="ToBytes"/>.
/// </summary>
public static class OnnxTensorFile
{
    /// <summary>Reads and validates the tensor in <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantException">Missing, unreadable or too large.</exception>
    /// <exception cref="ProvenantFormatException">Not a valid TensorProto (names the field and what was expected).</exception>
    /// <exception cref="UnsupportedFeatureException">External data, segments or complex numbers.</exception>
    public static OnnxTensor Read(string path, OnnxReadLimits? limits = null)
    {
        limits ??= OnnxReadLimits.Default;
        return Parse(BoundedFile.ReadAll(path, "TensorProto", limits.MaxFileBytes), path, limits);
    }

    /// <summary>Parses and validates TensorProto bytes; <paramref name="file"/> names the source in errors.</summary>
    /// <exception cref="ProvenantFormatException">Not a valid TensorProto.</exception>
    /// <exception cref="UnsupportedFeatureException">External data, segments or complex numbers.</exception>
    public static OnnxTensor Parse(byte[] bytes, string file, OnnxReadLimits? limits = null)
    {
        limits ??= OnnxReadLimits.Default;
        var proto = OnnxModelReader.ParseMessage(TensorProto.Parser, bytes, file, "TensorProto");
        if (proto.DataType == 0)
        {
            throw new ProvenantFormatException(file, "TensorProto.data_type", "a data type (field 2); is this a SequenceProto or OptionalProto?", "UNDEFINED");
        }
        return OnnxTensorCodec.Decode(proto, file, "TensorProto", limits);
    }

    /// <summary>The tensor as TensorProto bytes (data in <c>raw_data</c>).</summary>
    public static byte[] ToBytes(OnnxTensor tensor) => OnnxTensorCodec.Encode(tensor).ToByteArray();

    /// <summary>Writes the tensor to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ProvenantException">The file cannot be written.</exception>
    public static void Write(string path, OnnxTensor tensor) => AtomicFile.Write(path, ToBytes(tensor));
}
