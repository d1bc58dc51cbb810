using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>
/// The Provenant assertion <c>dev.provenant.provenance</c> (CBOR), linking the output back to the model:
/// <code>
/// { "modelStatement": artifact-digest,       ; the signed OMS statement / Sigstore bundle of the model
///   ? "inferenceProof": artifact-digest,     ; the inference proof or signed receipt that produced the output
///   ? "logEntry": { "index": uint, "checkpoint": tstr } }
/// </code>
/// </summary>
/// <param name="ModelStatement">Digest of the model statement file.</param>
/// <param name="InferenceProof">Digest of the proof or receipt file, if any.</param>
/// <param name="LogEntry">The log entry, if any.</param>
public sealed record ProvenanceAssertion(ArtifactDigest ModelStatement, ArtifactDigest? InferenceProof, LogEntryReference? LogEntry)
{
    /// <summary>The CBOR map.</summary>
    public CborMap ToCbor()
    {
        var map = new CborMap().Add("modelStatement", ModelStatement.ToCbor());
        if (InferenceProof is not null) map.Add("inferenceProof", InferenceProof.ToCbor());
        if (LogEntry is not null) map.Add("logEntry", LogEntry.ToCbor());
        return map;
    }

    /// <summary>Parses the CBOR map.</summary>
    /// <exception cref="ProvenantFormatException">A field is missing or malformed.</exception>
    public static ProvenanceAssertion FromCbor(CborNode node, string source)
    {
        var map = node.AsMap() ?? throw new ProvenantFormatException(source, C2paLabels.Provenance, "a map", node.GetType().Name);
        var model = map.Get("modelStatement") ?? throw new ProvenantFormatException(source, "modelStatement", "an artifact digest", "missing");
        return new ProvenanceAssertion(
            ArtifactDigest.FromCbor(model, source, "modelStatement"),
            map.Get("inferenceProof") is { } p ? ArtifactDigest.FromCbor(p, source, "inferenceProof") : null,
            map.Get("logEntry") is { } l ? LogEntryReference.FromCbor(l, source) : null);
    }
}
