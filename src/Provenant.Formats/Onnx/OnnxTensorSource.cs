using System.Globalization;
using System.Runtime.InteropServices;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;

namespace Provenant.Formats.Onnx;

/// <summary>
/// An ONNX model's initializers as an <see cref="ITensorSource"/>, so <c>sign --tensor-root</c>, <c>prove-tensor</c>
/// and <c>verify-tensor</c> commit to ONNX weights exactly as to safetensors and GGUF ones (docs/tensor-commitments.md):
/// one tensor per initializer, dtype in safetensors spelling (<see cref="OnnxDataTypes.SafetensorsDType"/>, or
/// <c>ONNX&lt;n&gt;</c> for types safetensors lacks), shape = dims, data = the <c>raw_data</c> layout bytes (little-endian
/// elements, whichever field of TensorProto held them). The training log's weights root is this commitment.
/// </summary>
public sealed class OnnxTensorSource : ITensorSource
{
    private readonly Dictionary<TensorInfo, OnnxTensor> _data = new(ReferenceEqualityComparer.Instance);

    /// <summary>Wraps a parsed model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file it came from (for messages).</param>
    /// <param name="fileLength">The file's size in bytes.</param>
    /// <exception cref="ProvenantFormatException">An initializer holds strings (no byte layout to commit to).</exception>
    public OnnxTensorSource(OnnxModel model, string path, long fileLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        Path = path;
        FileLength = fileLength;
        var tensors = new List<TensorInfo>();
        foreach (var t in model.Graph.Initializers)
        {
            if (t.DataType == OnnxDataType.String) throw new ProvenantFormatException(path, $"initializer \"{t.Name}\"", "a numeric tensor", "a string tensor");
            var info = new TensorInfo(t.Name, DType(t.DataType), t.Dims, t.RawData.Length, null);
            tensors.Add(info);
            _data[info] = t;
        }
        Tensors = tensors;
        Details =
        [
            new("ir_version", model.IrVersion.ToString(CultureInfo.InvariantCulture)),
            new("opsets", string.Join(", ", model.OpsetImports.Select(o => $"{(o.Domain.Length == 0 ? "ai.onnx" : o.Domain)} {o.Version}"))),
            new("producer", $"{model.ProducerName} {model.ProducerVersion}".Trim()),
            new("initializers", tensors.Count.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    /// <summary>The dtype spelling of an ONNX element type in tensor commitments: safetensors' name
    /// (<see cref="OnnxDataTypes.SafetensorsDType"/>), or <c>ONNX&lt;n&gt;</c> with the TensorProto.DataType number.</summary>
    public static string DType(OnnxDataType type) => OnnxDataTypes.SafetensorsDType(type) ?? "ONNX" + ((int)type).ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads and validates the ONNX model at <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantFormatException">The file is not a valid ONNX model, or an initializer holds strings.</exception>
    /// <exception cref="ProvenantException">The file cannot be read.</exception>
    public static OnnxTensorSource Open(string path)
    {
        var model = OnnxModelReader.Read(path);
        return new OnnxTensorSource(model, path, new FileInfo(path).Length);
    }

    /// <inheritdoc />
    public string Format => "onnx";

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public long FileLength { get; }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; }

    /// <inheritdoc />
    public IReadOnlyList<MetadataEntry> Metadata { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc />
    public Stream OpenTensor(TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_data.TryGetValue(tensor, out var t)) throw new ArgumentException($"tensor \"{tensor.Name}\" is not from {Path}", nameof(tensor));
        return MemoryMarshal.TryGetArray(t.RawData, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(t.RawData.ToArray(), writable: false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
