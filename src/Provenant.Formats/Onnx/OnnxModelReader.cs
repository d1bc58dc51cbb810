using Google.Protobuf;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Formats.Onnx.Proto;

namespace Provenant.Formats.Onnx;

/// <summary>
/// Reads an ONNX model file (<c>ModelProto</c>, ONNX IR specification, onnx/onnx.proto) into a validated
/// <see cref="OnnxModel"/>. Checks, in order: file size against <see cref="OnnxReadLimits.MaxFileBytes"/>;
/// protobuf well-formedness; presence of the graph and of an opset import for every domain a node uses;
/// every tensor's data length against dtype × shape (dims ≥ 0, product bounded before any allocation);
/// no external data; unique value names; no dangling node inputs or undefined graph outputs; no cycles
/// (nodes are returned in topological order).
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Reads and validates the model at <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantException">The file is missing, unreadable or larger than the limit.</exception>
    /// <exception cref="ProvenantFormatException">The file is not a valid ONNX model (names file, field and what was expected).</exception>
    /// <exception cref="UnsupportedFeatureException">The model is valid but uses external tensor data, segments or complex tensors.</exception>
    public static OnnxModel Read(string path, OnnxReadLimits? limits = null)
    {
        limits ??= OnnxReadLimits.Default;
        return Parse(BoundedFile.ReadAll(path, "ONNX model", limits.MaxFileBytes), path, limits);
    }

    /// <summary>Parses and validates model bytes; <paramref name="file"/> names the source in errors.</summary>
    /// <exception cref="ProvenantFormatException">The bytes are not a valid ONNX model.</exception>
    /// <exception cref="UnsupportedFeatureException">The model uses external tensor data, segments or complex tensors.</exception>
    public static OnnxModel Parse(byte[] bytes, string file, OnnxReadLimits? limits = null) => Parse(bytes, file, limits, declaredAreDefined: false);

    /// <summary>
    /// Parses and validates a model's structure without its weights (a dispute referee's model skeleton): as
    /// <see cref="Parse(byte[], string, OnnxReadLimits?)"/>, except that a node input may also be a name declared in
    /// <c>graph.value_info</c> that no node produces (a tensor whose data is held elsewhere, e.g. under a per-tensor
    /// commitment).
    /// </summary>
    /// <exception cref="ProvenantFormatException">The bytes are not a valid ONNX model structure.</exception>
    /// <exception cref="UnsupportedFeatureException">The model uses external tensor data, segments or complex tensors.</exception>
    public static OnnxModel ParseStructure(byte[] bytes, string file, OnnxReadLimits? limits = null) => Parse(bytes, file, limits, declaredAreDefined: true);

    private static OnnxModel Parse(byte[] bytes, string file, OnnxReadLimits? limits, bool declaredAreDefined)
    {
        limits ??= OnnxReadLimits.Default;
        if (bytes.LongLength > limits.MaxFileBytes)
        {
            throw new ProvenantFormatException(file, "ModelProto", $"at most {limits.MaxFileBytes} bytes", $"{bytes.LongLength} bytes");
        }
        var proto = ParseMessage(ModelProto.Parser, bytes, file, "ModelProto");
        if (proto.Graph is null)
        {
            throw new ProvenantFormatException(file, "ModelProto.graph", "a graph (field 7)", "none");
        }
        var opsets = proto.OpsetImport.Select(o => new OnnxOpsetImport(NormalizeDomain(o.Domain), o.Version)).ToArray();
        if (opsets.Length == 0)
        {
            throw new ProvenantFormatException(file, "ModelProto.opset_import", "at least one operator set import (field 8)", "none");
        }
        for (var i = 0; i < opsets.Length; i++)
        {
            if (opsets[i].Version < 1)
            {
                throw new ProvenantFormatException(file, $"ModelProto.opset_import[{i}].version", "a version ≥ 1", opsets[i].Version.ToString());
            }
        }
        var graph = OnnxGraphDecoder.Decode(proto.Graph, file, "graph", limits, declaredAreDefined);
        foreach (var (node, i) in graph.Nodes.Select((n, i) => (n, i)))
        {
            if (!opsets.Any(o => o.Domain == node.Domain))
            {
                var domain = node.Domain.Length == 0 ? "ai.onnx (default)" : node.Domain;
                throw new ProvenantFormatException(file, $"graph.node {node.Describe(i)}.domain",
                    $"an opset_import entry for domain {domain}", "none");
            }
        }
        return new OnnxModel(proto.IrVersion, opsets, proto.ProducerName, proto.ProducerVersion, graph);
    }

    /// <summary>Maps <c>ai.onnx</c> to the empty string (both name the default operator set).</summary>
    public static string NormalizeDomain(string domain) => domain == "ai.onnx" ? "" : domain;

    internal static T ParseMessage<T>(MessageParser<T> parser, byte[] bytes, string file, string message)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProvenantFormatException(file, message, "a well-formed protobuf message", e.Message, inner: e);
        }
    }
}
