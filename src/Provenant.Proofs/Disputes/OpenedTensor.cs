using System.Globalization;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A tensor revealed in a dispute message: <c>{"data":BASE64,"dtype":N,"shape":[d0,…]}</c> with the ONNX element type
/// number, dims outermost first and the raw little-endian element bytes (the trace tensor encoding's fields,
/// docs/execution-traces.md). Its trace tensor digest is what openings are checked against.
/// </summary>
public static class OpenedTensor
{
    /// <summary>Largest tensor accepted in a message (64 MiB of element bytes).</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>The JSON form of <paramref name="tensor"/>.</summary>
    public static JsonObject ToJson(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = new JsonArray();
        foreach (var d in tensor.Shape) shape.Add(d);
        return new JsonObject { ["dtype"] = (int)tensor.DataType, ["shape"] = shape, ["data"] = Convert.ToBase64String(tensor.ToBytes()) };
    }

    /// <summary>Decodes the JSON form, checking type, rank, dims and that the data length is exactly count × size.</summary>
    /// <exception cref="ProvenantFormatException">Any field wrong; the message names <paramref name="path"/>.</exception>
    public static Tensor Parse(JsonNode? node, string source, string path)
    {
        if (node is not JsonObject o) throw new ProvenantFormatException(source, path, "a tensor object", DisputeJson.Kind(node));
        DisputeJson.AllowOnly(o, source, path + ".", "dtype", "shape", "data");
        var (type, dims) = ParseType(o, source, path);
        var data = DisputeJson.Base64(o["data"], source, path + ".data", MaxBytes);
        try
        {
            return Tensor.FromOnnx(new OnnxTensor("", TensorDataTypes.ToOnnx(type), dims.Select(d => (long)d).ToArray(), data), $"{source}: {path}");
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or ProvenantException)
        {
            throw new ProvenantFormatException(source, path, "data of exactly the shape's element count times the element size", e.Message);
        }
    }

    /// <summary>The <c>dtype</c> and <c>shape</c> fields of <paramref name="o"/>: a supported element type and at most
    /// <see cref="TraceFormat.MaxRank"/> dims, each at most 2^31 − 1, of at most 2^31 − 1 elements in all.</summary>
    /// <exception cref="ProvenantFormatException">A field missing or out of range.</exception>
    public static (TensorDataType Type, int[] Dims) ParseType(JsonObject o, string source, string path)
    {
        ArgumentNullException.ThrowIfNull(o);
        var dtype = (int)DisputeJson.Integer(o["dtype"], source, path + ".dtype", 64);
        if (!Enum.IsDefined((TensorDataType)dtype) || !OnnxDataTypes.IsKnown(dtype))
        {
            throw new ProvenantFormatException(source, path + ".dtype", "a supported ONNX element type number", dtype.ToString(CultureInfo.InvariantCulture));
        }
        var dimsArray = DisputeJson.Array(o, "shape", source, path + ".", TraceFormat.MaxRank);
        var dims = new int[dimsArray.Count];
        long elements = 1;
        long nonZero = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = (int)DisputeJson.Integer(dimsArray[i], source, $"{path}.shape[{i}]", int.MaxValue);
            elements = Math.Min(elements * dims[i], (long)int.MaxValue + 1);
            if (dims[i] > 0) nonZero = Math.Min(nonZero * dims[i], (long)int.MaxValue + 1);
        }
        if (elements > int.MaxValue) throw new ProvenantFormatException(source, path + ".shape", $"at most {int.MaxValue} elements", "more");
        // An empty tensor's other dims are bounded too, so its row count (TraceChunks.Rows) is an exact int.
        if (nonZero > int.MaxValue) throw new ProvenantFormatException(source, path + ".shape", $"dims whose non-zero product is at most {int.MaxValue}", "more");
        return ((TensorDataType)dtype, dims);
    }

    /// <summary>The tensor's trace digest (<see cref="TraceEncoding.TensorDigest"/>).</summary>
    public static byte[] Digest(Tensor tensor) => TraceEncoding.TensorDigest(tensor);
}
