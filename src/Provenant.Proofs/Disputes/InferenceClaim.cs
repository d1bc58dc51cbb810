using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Formats.Tensors;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A claim that running a committed quantized model on a committed input gave a committed output, with the execution
/// trace's commitment (docs/disputes.md §Claims): the in-toto Statement v1 payload that <c>provenant claim</c> signs.
/// <code>
/// {"_type":"https://in-toto.io/Statement/v1",
///  "predicate":{"engine":"integer","input":{"digest":HEX},
///               "model":{"graphDigest":HEX,"tensorAlgorithm":"provenant-tensors-v1-sha256-rfc9162","tensorCount":N,"tensorRoot":HEX},
///               "output":{"digest":HEX},"trace":{"format":"provenant-trace-v2","length":N,"root":HEX}},
///  "predicateType":"https://provenant.dev/inference-claim/v1",
///  "subject":[{"digest":{"sha256":HEX},"name":"model.q.onnx"}]}
/// </code>
/// Canonical JSON (RFC 8785), no trailing newline; <see cref="Parse"/> accepts nothing else. Trace format 3
/// (<c>"format":"provenant-trace-v3"</c>, with <c>"segmentBits":G</c> in <c>trace</c>) is the segmented commitment:
/// the root is over ⌈length / 2^G⌉ segment leaves that hash each segment's exports (docs/execution-traces.md §Format 3);
/// format 2 (one hash per node) and format 1 (<c>provenant-trace-v1</c>) claims still parse and are disputed by
/// their own rules.
/// </summary>
/// <param name="ModelName">File name of the model (the subject name), 1–255 characters.</param>
/// <param name="ModelDigest">SHA-256 of the model file (32 bytes; the trace header's model_digest).</param>
/// <param name="GraphDigest"><see cref="ModelSkeleton"/> digest: the model's structure without its weights (32 bytes).</param>
/// <param name="TensorRoot">Per-tensor commitment root over the model's initializers (<see cref="ModelTensors"/>, 32 bytes).</param>
/// <param name="TensorCount">Number of initializers committed.</param>
/// <param name="InputDigest">Trace input digest (docs/execution-traces.md), 32 bytes.</param>
/// <param name="OutputDigest">Trace output digest, 32 bytes.</param>
/// <param name="TraceRoot">Trace root: RFC 9162 root over the per-node leaves, 32 bytes.</param>
/// <param name="TraceLength">Number of trace leaves (model nodes), 1 to 2^24.</param>
/// <param name="TraceVersion">The trace format version whose leaves <paramref name="TraceRoot"/> is over: 3 (segmented), 2 (default) or 1.</param>
/// <param name="SegmentBits">Format 3: g, segments of 2^g nodes (0 to 24; the root is over ⌈<paramref name="TraceLength"/> / 2^g⌉ segment leaves). 0 and unused for formats 1 and 2.</param>
/// <param name="ChunkBits">Format 3: h, the disputes' fine trees cut every node output into 2^h row chunks (0 to
/// <see cref="Inference.Tracing.TraceFormat.MaxChunkBits"/>; 0: one version-2 leaf per node). Written as
/// <c>"chunkBits":H</c> in <c>trace</c> only when above 0. It does not change the root; it fixes the game.</param>
public sealed record InferenceClaim(string ModelName, byte[] ModelDigest, byte[] GraphDigest, byte[] TensorRoot, long TensorCount,
    byte[] InputDigest, byte[] OutputDigest, byte[] TraceRoot, int TraceLength, int TraceVersion = (int)Inference.Tracing.TraceFormat.Version2,
    int SegmentBits = 0, int ChunkBits = 0)
{
    /// <summary>The statement's predicate type.</summary>
    public const string PredicateType = "https://provenant.dev/inference-claim/v1";

    /// <summary>The only engine claims are made for: exact integer arithmetic, so any party re-executes bit for bit.</summary>
    public const string Engine = "integer";

    /// <summary>Trace encoding the root of a new claim refers to (docs/execution-traces.md, version 2).</summary>
    public const string TraceFormat = "provenant-trace-v2";

    /// <summary>The trace encoding of claims made before format 2 (still parsed and disputed).</summary>
    public const string TraceFormatV1 = "provenant-trace-v1";

    /// <summary>The segmented trace commitment (format 3, docs/execution-traces.md §Format 3).</summary>
    public const string TraceFormatV3 = "provenant-trace-v3";

    /// <summary>Whether this claim's trace commitment is segmented (format 3).</summary>
    public bool IsSegmented => TraceVersion == (int)Inference.Tracing.TraceFormat.Version3;

    /// <summary>The <c>predicate.trace.format</c> string of this claim's <see cref="TraceVersion"/>.</summary>
    public string TraceFormatName => TraceVersion switch
    {
        (int)Inference.Tracing.TraceFormat.Version => TraceFormatV1,
        (int)Inference.Tracing.TraceFormat.Version3 => TraceFormatV3,
        _ => TraceFormat,
    };

    /// <summary>Largest statement accepted (64 KiB; a claim is about 700 bytes).</summary>
    public const int MaxBytes = 64 << 10;

    /// <summary>The canonical statement bytes (what is signed).</summary>
    public byte[] ToStatementBytes() => DisputeJson.Statement(ModelName, ModelDigest, PredicateType, new JsonObject
    {
        ["engine"] = Engine,
        ["model"] = new JsonObject
        {
            ["graphDigest"] = Hex.Encode(GraphDigest),
            ["tensorAlgorithm"] = TensorCommitment.AlgorithmV1,
            ["tensorRoot"] = Hex.Encode(TensorRoot),
            ["tensorCount"] = TensorCount,
        },
        ["input"] = new JsonObject { ["digest"] = Hex.Encode(InputDigest) },
        ["output"] = new JsonObject { ["digest"] = Hex.Encode(OutputDigest) },
        ["trace"] = TraceJson(),
    });

    private JsonObject TraceJson()
    {
        var trace = new JsonObject { ["format"] = TraceFormatName, ["root"] = Hex.Encode(TraceRoot), ["length"] = TraceLength };
        if (IsSegmented) trace["segmentBits"] = SegmentBits;
        if (ChunkBits > 0) trace["chunkBits"] = ChunkBits;
        return trace;
    }

    /// <summary>Parses a statement strictly (see the type remarks).</summary>
    /// <param name="bytes">Statement bytes (a DSSE payload).</param>
    /// <param name="source">Names the statement in messages.</param>
    /// <exception cref="ProvenantFormatException">Not canonical, a field missing, extra, of the wrong type or out of range, or another predicate type.</exception>
    public static InferenceClaim Parse(ReadOnlySpan<byte> bytes, string source = "claim")
    {
        var (name, modelDigest, p) = DisputeJson.Statement(bytes, source, MaxBytes, PredicateType);
        DisputeJson.AllowOnly(p, source, "predicate.", "engine", "model", "input", "output", "trace");
        DisputeJson.Expect(p["engine"], Engine, source, "predicate.engine");
        var model = DisputeJson.Object(p, "model", source, "predicate.");
        DisputeJson.AllowOnly(model, source, "predicate.model.", "graphDigest", "tensorAlgorithm", "tensorRoot", "tensorCount");
        DisputeJson.Expect(model["tensorAlgorithm"], TensorCommitment.AlgorithmV1, source, "predicate.model.tensorAlgorithm");
        var trace = DisputeJson.Object(p, "trace", source, "predicate.");
        var format = DisputeJson.String(trace["format"], source, "predicate.trace.format", 64);
        var version = format switch
        {
            TraceFormat => (int)Inference.Tracing.TraceFormat.Version2,
            TraceFormatV1 => (int)Inference.Tracing.TraceFormat.Version,
            TraceFormatV3 => (int)Inference.Tracing.TraceFormat.Version3,
            _ => throw new ProvenantFormatException(source, "predicate.trace.format", $"\"{TraceFormatV3}\", \"{TraceFormat}\" or \"{TraceFormatV1}\"", $"\"{format}\""),
        };
        var segmented = version == (int)Inference.Tracing.TraceFormat.Version3;
        var chunked = segmented && trace.ContainsKey("chunkBits");
        if (chunked) DisputeJson.AllowOnly(trace, source, "predicate.trace.", "format", "root", "length", "segmentBits", "chunkBits");
        else if (segmented) DisputeJson.AllowOnly(trace, source, "predicate.trace.", "format", "root", "length", "segmentBits");
        else DisputeJson.AllowOnly(trace, source, "predicate.trace.", "format", "root", "length");
        var bits = segmented ? (int)DisputeJson.Integer(trace["segmentBits"], source, "predicate.trace.segmentBits", Inference.Tracing.TraceFormat.MaxSegmentBits) : 0;
        var chunkBits = chunked ? (int)DisputeJson.Integer(trace["chunkBits"], source, "predicate.trace.chunkBits", Inference.Tracing.TraceFormat.MaxChunkBits) : 0;
        if (chunked && chunkBits == 0) throw new ProvenantFormatException(source, "predicate.trace.chunkBits", "1 or more (0 is written by leaving the field out)", "0");
        var length = DisputeJson.Integer(trace["length"], source, "predicate.trace.length", Inference.Tracing.TraceFormat.MaxNodes);
        if (length == 0) throw new ProvenantFormatException(source, "predicate.trace.length", "at least 1 node", "0");
        return new InferenceClaim(name,
            modelDigest,
            DisputeJson.Hash(model["graphDigest"], source, "predicate.model.graphDigest"),
            DisputeJson.Hash(model["tensorRoot"], source, "predicate.model.tensorRoot"),
            DisputeJson.Integer(model["tensorCount"], source, "predicate.model.tensorCount", TensorLimits.MaxTensors),
            Field(p, "input", source),
            Field(p, "output", source),
            DisputeJson.Hash(trace["root"], source, "predicate.trace.root"),
            (int)length,
            version,
            bits,
            chunkBits);
    }

    /// <summary>Whether two claims are about the same computation: same model (file, structure, tensors), input, trace length and trace format (and, in format 3, segment size and chunks).</summary>
    public bool SameComputationAs(InferenceClaim other) =>
        ModelDigest.AsSpan().SequenceEqual(other.ModelDigest) && GraphDigest.AsSpan().SequenceEqual(other.GraphDigest)
        && TensorRoot.AsSpan().SequenceEqual(other.TensorRoot) && TensorCount == other.TensorCount
        && InputDigest.AsSpan().SequenceEqual(other.InputDigest) && TraceLength == other.TraceLength && TraceVersion == other.TraceVersion
        && SegmentBits == other.SegmentBits && ChunkBits == other.ChunkBits;

    private static byte[] Field(JsonObject p, string name, string source)
    {
        var o = DisputeJson.Object(p, name, source, "predicate.");
        DisputeJson.AllowOnly(o, source, $"predicate.{name}.", "digest");
        return DisputeJson.Hash(o["digest"], source, $"predicate.{name}.digest");
    }
}
