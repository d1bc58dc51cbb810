using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// One value revealed with the evidence that binds it to a claim (docs/disputes.md §Openings). JSON forms:
/// <code>
/// {"entry":{"domain":S,"name":S,"opType":S,"opsetVersion":N,"outputs":[HEX|null,…]},"kind":"activation","node":K,
///  "output":J,"proof":[HEX,…],"tensor":T}                                trace format 1: one output and the others' digests
/// {"entry":{"domain":S,"name":S,"opType":S,"opsetVersion":N},"kind":"activation-v2","node":K,"output":J,
///  "outputs":[T|null,…],"proof":[HEX,…]}                                 trace format 2: every output (the leaf hashes them all)
/// {"kind":"weight","proof":TENSOR-PROOF,"tensor":T}                      TENSOR-PROOF as docs/tensor-commitments.md
/// {"inputs":[{"name":S,"tensor":T},…],"kind":"input","name":S}          every graph input, ordinal name order
/// {"exports":[{"node":I,"output":O,"tensor":T},…],"kind":"export","node":K,"output":J,"proof":[HEX,…],"segment":S}
///                                                                        trace format 3: every export of segment S, K/J the one opened
/// {"chunk":C,"data":BASE64,"dtype":N,"kind":"chunk","node":K,"output":J,"proof":[HEX,…],"shape":[d0,…]}
///                                                                        chunked format 3: chunk C's rows of output J of node K (shape: the whole output's)
/// {"kind":"slot","node":K,"output":J,"proof":[HEX,…],"tensor":T}       chunked format 3: the whole output, under its slot root
/// </code>
/// where T is an <see cref="OpenedTensor"/>.
/// </summary>
public sealed record ValueOpening
{
    /// <summary>Most audit-path entries accepted (a tree of 2^24 leaves needs 24).</summary>
    public const int MaxPath = 64;

    /// <summary>Which evidence this opening carries.</summary>
    public required ValueOpeningKind Kind { get; init; }

    /// <summary>The revealed tensor (for <see cref="ValueOpeningKind.Input"/>, the one named <see cref="InputName"/>).</summary>
    public required Tensor Tensor { get; init; }

    /// <summary>Activation: the producing node's trace entry (its id is the leaf index).</summary>
    public TraceNode? Entry { get; init; }

    /// <summary>Activation in trace format 2: every output of the node (null where omitted); <see cref="Tensor"/> is output <see cref="Output"/>.</summary>
    public IReadOnlyList<Tensor?>? Outputs { get; init; }

    /// <summary>Activation: which output of <see cref="Entry"/> the tensor is.</summary>
    public int Output { get; init; }

    /// <summary>Activation: the RFC 9162 audit path of leaf <c>Entry.Id</c>, deepest sibling first.</summary>
    public IReadOnlyList<byte[]>? Path { get; init; }

    /// <summary>Export: the segment whose leaf the exports recompute.</summary>
    public int Segment { get; init; }

    /// <summary>Export: every export of <see cref="Segment"/> with its tensor, in the segment's order; <see cref="Tensor"/> is output <see cref="Output"/> of node <see cref="ExportNode"/> among them.</summary>
    public IReadOnlyList<(SegmentExport Export, Tensor Tensor)>? Exports { get; init; }

    /// <summary>Export: the node whose output <see cref="Output"/> is the opened value.</summary>
    public int ExportNode { get; init; }

    /// <summary>Most exports one export opening may list.</summary>
    public const int MaxExports = 1 << 16;

    /// <summary>Chunk or slot: the node whose output <see cref="Output"/> is opened.</summary>
    public int Node { get; init; }

    /// <summary>Chunk: which chunk of the output; <see cref="Tensor"/> holds its rows (<see cref="TraceChunks.FromRows"/>).</summary>
    public int Chunk { get; init; }

    /// <summary>Chunk: the whole output's dims (the rows' tensor has the chunk's rows only).</summary>
    public int[]? FullDims { get; init; }

    /// <summary>Chunk: the rows' bytes as opened.</summary>
    public byte[]? Rows { get; init; }

    /// <summary>Weight: the tensor's inclusion proof in the model's tensor commitment.</summary>
    public TensorProof? WeightProof { get; init; }

    /// <summary>Input: the graph input this opening is for.</summary>
    public string? InputName { get; init; }

    /// <summary>Input: every graph input (the input digest covers them all).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>>? Inputs { get; init; }

    /// <summary>The JSON form (see the type remarks).</summary>
    public JsonObject ToJson()
    {
        switch (Kind)
        {
            case ValueOpeningKind.Activation when Entry!.Version == (int)TraceFormat.Version2:
                var tensors = new JsonArray();
                foreach (var t in Outputs!) tensors.Add(t is null ? null : OpenedTensor.ToJson(t));
                return new JsonObject
                {
                    ["kind"] = ActivationV2,
                    ["node"] = Entry.Id,
                    ["output"] = Output,
                    ["entry"] = new JsonObject { ["domain"] = Entry.Domain, ["opType"] = Entry.OpType, ["opsetVersion"] = Entry.OpsetVersion, ["name"] = Entry.Name },
                    ["outputs"] = tensors,
                    ["proof"] = DisputeJson.HashArray(Path!),
                };
            case ValueOpeningKind.Activation:
                var e = Entry!;
                var outs = new JsonArray();
                foreach (var d in e.OutputDigests) outs.Add(d is null ? null : (JsonNode)Core.Hashing.Hex.Encode(d));
                return new JsonObject
                {
                    ["kind"] = "activation",
                    ["node"] = e.Id,
                    ["output"] = Output,
                    ["entry"] = new JsonObject { ["domain"] = e.Domain, ["opType"] = e.OpType, ["opsetVersion"] = e.OpsetVersion, ["name"] = e.Name, ["outputs"] = outs },
                    ["proof"] = DisputeJson.HashArray(Path!),
                    ["tensor"] = OpenedTensor.ToJson(Tensor),
                };
            case ValueOpeningKind.Export:
                var exports = new JsonArray();
                foreach (var (x, t) in Exports!) exports.Add(new JsonObject { ["node"] = x.Node, ["output"] = x.Output, ["tensor"] = OpenedTensor.ToJson(t) });
                return new JsonObject
                {
                    ["kind"] = "export",
                    ["segment"] = Segment,
                    ["node"] = ExportNode,
                    ["output"] = Output,
                    ["exports"] = exports,
                    ["proof"] = DisputeJson.HashArray(Path!),
                };
            case ValueOpeningKind.Weight:
                return new JsonObject { ["kind"] = "weight", ["proof"] = WeightProof!.ToJson(), ["tensor"] = OpenedTensor.ToJson(Tensor) };
            case ValueOpeningKind.Chunk:
                var full = new JsonArray();
                foreach (var d in FullDims!) full.Add(d);
                return new JsonObject
                {
                    ["kind"] = "chunk",
                    ["node"] = Node,
                    ["output"] = Output,
                    ["chunk"] = Chunk,
                    ["dtype"] = (int)Tensor.DataType,
                    ["shape"] = full,
                    ["data"] = Convert.ToBase64String(Rows!),
                    ["proof"] = DisputeJson.HashArray(Path!),
                };
            case ValueOpeningKind.Slot:
                return new JsonObject { ["kind"] = "slot", ["node"] = Node, ["output"] = Output, ["proof"] = DisputeJson.HashArray(Path!), ["tensor"] = OpenedTensor.ToJson(Tensor) };
            default:
                var inputs = new JsonArray();
                foreach (var (name, t) in Inputs!) inputs.Add(new JsonObject { ["name"] = name, ["tensor"] = OpenedTensor.ToJson(t) });
                return new JsonObject { ["kind"] = "input", ["name"] = InputName, ["inputs"] = inputs };
        }
    }

    /// <summary>Parses the JSON form at <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantFormatException">Anything malformed, naming the field.</exception>
    public static ValueOpening Parse(JsonNode? node, string source, string path)
    {
        if (node is not JsonObject o) throw new ProvenantFormatException(source, path, "an opening object", DisputeJson.Kind(node));
        var kind = DisputeJson.String(o["kind"], source, path + ".kind", 16);
        switch (kind)
        {
            case "activation":
                DisputeJson.AllowOnly(o, source, path + ".", "kind", "node", "output", "entry", "proof", "tensor");
                var entry = DisputeJson.Object(o, "entry", source, path + ".");
                DisputeJson.AllowOnly(entry, source, path + ".entry.", "domain", "opType", "opsetVersion", "name", "outputs");
                var outsArray = DisputeJson.Array(entry, "outputs", source, path + ".entry.", TraceFormat.MaxOutputs);
                var outs = outsArray.Select((d, i) => d is null ? null : DisputeJson.Hash(d, source, $"{path}.entry.outputs[{i}]")).ToArray();
                var id = (int)DisputeJson.Integer(o["node"], source, path + ".node", TraceFormat.MaxNodes - 1);
                var node0 = ParseEntry(entry, source, path, (domain, op, opset, name) => TraceNode.Create(id, domain, op, opset, name, outs));
                return new ValueOpening
                {
                    Kind = ValueOpeningKind.Activation,
                    Entry = node0,
                    Output = (int)DisputeJson.Integer(o["output"], source, path + ".output", TraceFormat.MaxOutputs - 1),
                    Path = DisputeJson.Hashes(o, "proof", source, path + ".", MaxPath),
                    Tensor = OpenedTensor.Parse(o["tensor"], source, path + ".tensor"),
                };
            case ActivationV2:
                return ParseActivationV2(o, source, path);
            case "export":
                return ParseExport(o, source, path);
            case "weight":
                DisputeJson.AllowOnly(o, source, path + ".", "kind", "proof", "tensor");
                var proofJson = DisputeJson.Object(o, "proof", source, path + ".");
                return new ValueOpening
                {
                    Kind = ValueOpeningKind.Weight,
                    WeightProof = TensorProof.Parse([.. CanonicalJson.Canonicalize(proofJson), (byte)'\n'], $"{source}: {path}.proof"),
                    Tensor = OpenedTensor.Parse(o["tensor"], source, path + ".tensor"),
                };
            case "chunk":
                return ParseChunk(o, source, path);
            case "slot":
                DisputeJson.AllowOnly(o, source, path + ".", "kind", "node", "output", "proof", "tensor");
                return new ValueOpening
                {
                    Kind = ValueOpeningKind.Slot,
                    Node = (int)DisputeJson.Integer(o["node"], source, path + ".node", TraceFormat.MaxNodes - 1),
                    Output = (int)DisputeJson.Integer(o["output"], source, path + ".output", TraceFormat.MaxOutputs - 1),
                    Path = DisputeJson.Hashes(o, "proof", source, path + ".", MaxPath),
                    Tensor = OpenedTensor.Parse(o["tensor"], source, path + ".tensor"),
                };
            case "input":
                DisputeJson.AllowOnly(o, source, path + ".", "kind", "name", "inputs");
                var name = DisputeJson.String(o["name"], source, path + ".name", TraceFormat.MaxNameBytes);
                var arr = DisputeJson.Array(o, "inputs", source, path + ".", 4096);
                var inputs = new List<KeyValuePair<string, Tensor>>();
                for (var i = 0; i < arr.Count; i++)
                {
                    var p = $"{path}.inputs[{i}]";
                    if (arr[i] is not JsonObject io) throw new ProvenantFormatException(source, p, "an object", DisputeJson.Kind(arr[i]));
                    DisputeJson.AllowOnly(io, source, p + ".", "name", "tensor");
                    inputs.Add(new(DisputeJson.String(io["name"], source, p + ".name", TraceFormat.MaxNameBytes), OpenedTensor.Parse(io["tensor"], source, p + ".tensor")));
                }
                var named = inputs.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault()
                    ?? throw new ProvenantFormatException(source, path + ".inputs", $"an input named \"{name}\"");
                return new ValueOpening { Kind = ValueOpeningKind.Input, InputName = name, Inputs = inputs, Tensor = named };
            default:
                throw new ProvenantFormatException(source, path + ".kind", "\"activation\", \"activation-v2\", \"export\", \"chunk\", \"slot\", \"weight\" or \"input\"", $"\"{kind}\"");
        }
    }

    private const string ActivationV2 = "activation-v2";

    // Trace format 2: the entry's leaf is recomputed from its fields and every opened output, so the opened tensor is
    // bound to the leaf by the same hash that the audit path then places under the claim's root.
    private static ValueOpening ParseActivationV2(JsonObject o, string source, string path)
    {
        DisputeJson.AllowOnly(o, source, path + ".", "kind", "node", "output", "entry", "outputs", "proof");
        var entry = DisputeJson.Object(o, "entry", source, path + ".");
        DisputeJson.AllowOnly(entry, source, path + ".entry.", "domain", "opType", "opsetVersion", "name");
        var outsArray = DisputeJson.Array(o, "outputs", source, path + ".", TraceFormat.MaxOutputs);
        var outputs = outsArray.Select((t, i) => t is null ? null : OpenedTensor.Parse(t, source, $"{path}.outputs[{i}]")).ToArray();
        var id = (int)DisputeJson.Integer(o["node"], source, path + ".node", TraceFormat.MaxNodes - 1);
        var output = (int)DisputeJson.Integer(o["output"], source, path + ".output", TraceFormat.MaxOutputs - 1);
        if (output >= outputs.Length || outputs[output] is not { } tensor)
        {
            throw new ProvenantFormatException(source, path + ".output", $"a present output of the {outputs.Length} opened", output.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var node = ParseEntry(entry, source, path, (domain, op, opset, name) => TraceNode.CreateV2(id, domain, op, opset, name, outputs));
        return new ValueOpening
        {
            Kind = ValueOpeningKind.Activation,
            Entry = node,
            Output = output,
            Outputs = outputs,
            Path = DisputeJson.Hashes(o, "proof", source, path + ".", MaxPath),
            Tensor = tensor,
        };
    }

    // Trace format 3: a segment's exports; the referee recomputes the segment leaf from them and checks its audit path.
    private static ValueOpening ParseExport(JsonObject o, string source, string path)
    {
        DisputeJson.AllowOnly(o, source, path + ".", "kind", "segment", "node", "output", "exports", "proof");
        var segment = (int)DisputeJson.Integer(o["segment"], source, path + ".segment", TraceFormat.MaxNodes - 1);
        var node = (int)DisputeJson.Integer(o["node"], source, path + ".node", TraceFormat.MaxNodes - 1);
        var output = (int)DisputeJson.Integer(o["output"], source, path + ".output", TraceFormat.MaxOutputs - 1);
        var arr = DisputeJson.Array(o, "exports", source, path + ".", MaxExports);
        var exports = new (SegmentExport, Tensor)[arr.Count];
        Tensor? opened = null;
        for (var i = 0; i < arr.Count; i++)
        {
            var p = $"{path}.exports[{i}]";
            if (arr[i] is not JsonObject x) throw new ProvenantFormatException(source, p, "an object", DisputeJson.Kind(arr[i]));
            DisputeJson.AllowOnly(x, source, p + ".", "node", "output", "tensor");
            var e = new SegmentExport((int)DisputeJson.Integer(x["node"], source, p + ".node", TraceFormat.MaxNodes - 1),
                (int)DisputeJson.Integer(x["output"], source, p + ".output", TraceFormat.MaxOutputs - 1));
            exports[i] = (e, OpenedTensor.Parse(x["tensor"], source, p + ".tensor"));
            if (e.Node == node && e.Output == output) opened = exports[i].Item2;
        }
        return new ValueOpening
        {
            Kind = ValueOpeningKind.Export,
            Segment = segment,
            ExportNode = node,
            Output = output,
            Exports = exports,
            Path = DisputeJson.Hashes(o, "proof", source, path + ".", MaxPath),
            Tensor = opened ?? throw new ProvenantFormatException(source, path + ".exports", $"an export of node {node}, output {output}"),
        };
    }

    // Chunked format 3: one chunk's rows of a node output, with the whole output's dtype and dims. The rows must be a
    // whole number of rows of that shape; the referee checks they are the chunk's rows when it recomputes the leaf.
    private static ValueOpening ParseChunk(JsonObject o, string source, string path)
    {
        DisputeJson.AllowOnly(o, source, path + ".", "kind", "node", "output", "chunk", "dtype", "shape", "data", "proof");
        var (type, dims) = OpenedTensor.ParseType(o, source, path);
        var rows = DisputeJson.Base64(o["data"], source, path + ".data", OpenedTensor.MaxBytes);
        var rowBytes = (long)TraceChunks.RowWidth(dims) * TensorDataTypes.Size(type);
        var count = rowBytes == 0 ? 0 : rows.Length / rowBytes;
        if (rowBytes == 0 ? rows.Length != 0 : rows.Length % rowBytes != 0 || count > TraceChunks.Rows(dims))
        {
            throw new ProvenantFormatException(source, path + ".data", $"whole rows of {rowBytes} bytes, at most {TraceChunks.Rows(dims)}", $"{rows.Length} bytes");
        }
        return new ValueOpening
        {
            Kind = ValueOpeningKind.Chunk,
            Node = (int)DisputeJson.Integer(o["node"], source, path + ".node", TraceFormat.MaxNodes - 1),
            Output = (int)DisputeJson.Integer(o["output"], source, path + ".output", TraceFormat.MaxOutputs - 1),
            Chunk = (int)DisputeJson.Integer(o["chunk"], source, path + ".chunk", (1 << TraceFormat.MaxChunkBits) - 1),
            FullDims = dims,
            Rows = rows,
            Path = DisputeJson.Hashes(o, "proof", source, path + ".", MaxPath),
            Tensor = TraceChunks.FromRows(type, dims, rows, 0, count),
        };
    }

    // The entry's operator fields, then the entry built from them (its leaf hash computed) by `create`.
    private static TraceNode ParseEntry(JsonObject entry, string source, string path, Func<string, string, int, string, TraceNode> create)
    {
        var domain = DisputeJson.String(entry["domain"], source, path + ".entry.domain", TraceFormat.MaxOpBytes);
        var op = DisputeJson.String(entry["opType"], source, path + ".entry.opType", TraceFormat.MaxOpBytes);
        var opset = (int)DisputeJson.Integer(entry["opsetVersion"], source, path + ".entry.opsetVersion", int.MaxValue);
        var name = DisputeJson.String(entry["name"], source, path + ".entry.name", TraceFormat.MaxNameBytes);
        try
        {
            return create(domain, op, opset, name);
        }
        catch (ArgumentException e)
        {
            throw new ProvenantFormatException(source, path + ".entry", "a trace entry within the format's bounds", e.Message);
        }
    }
}
