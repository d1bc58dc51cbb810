using System.Text.Json;
using Provenant.Signing.Dsse;

namespace Provenant.Server.Provenance;

/// <summary>
/// The few predicate fields the chain pairs statements by, read from a logged in-toto statement's payload: the
/// training log root of a SLSA provenance (<c>runDetails.byproducts[name = "training-log"].digest.sha256</c>), a
/// training audit's verdict and log root (docs/training.md), and an inference-proof statement's proof, model, weight
/// commitment and circuit digests (docs/proof-system.md). Never throws on hostile payloads: a field that is missing or
/// of the wrong type reads as null.
/// </summary>
public static class ChainStatements
{
    /// <summary>The SLSA provenance's training log root (hex), or null.</summary>
    public static string? TrainingLogRoot(DsseEnvelope? envelope) => Read(envelope, p =>
    {
        if (!p.TryGetProperty("runDetails", out var rd) || rd.ValueKind != JsonValueKind.Object
            || !rd.TryGetProperty("byproducts", out var bp) || bp.ValueKind != JsonValueKind.Array) return null;
        foreach (var b in bp.EnumerateArray())
        {
            if (b.ValueKind == JsonValueKind.Object && Str(b, "name") == "training-log") return Sha256(b);
        }
        return null;
    });

    /// <summary>A training audit statement's verdict (<c>pass</c>/<c>fail</c>), log root and a one-line summary; null when it is not one.</summary>
    public static (string Verdict, string LogRoot, string Summary)? Audit(DsseEnvelope? envelope) => Read(envelope, p =>
    {
        if (Str(p, "verdict") is not { } verdict || !p.TryGetProperty("trainingLog", out var tl) || Sha256(tl) is not { } root) return ((string, string, string)?)null;
        var steps = p.TryGetProperty("steps", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var detection = p.TryGetProperty("detection", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var summary = $"{Num(steps, "reExecuted")} of {Num(steps, "total")} steps re-executed bit-exactly; escape probability {Str(detection, "escapeProbability") ?? "?"} if {Str(detection, "forgedFraction") ?? "?"} of segments were forged";
        return (verdict, root, summary);
    });

    /// <summary>An inference-proof statement's digests (hex): proof file, model, weight commitment, circuit; null when it is not one.</summary>
    public static (string Proof, string? Model, string? WeightCommitment, string? Circuit)? Proof(DsseEnvelope? envelope) => Read(envelope, p =>
    {
        if (!p.TryGetProperty("proof", out var proof) || Sha256(proof) is not { } proofHex) return ((string, string?, string?, string?)?)null;
        return (proofHex, Field(p, "model"), Field(p, "weightCommitment"), Field(p, "circuit"));
    });

    private static string? Field(JsonElement p, string name) => p.TryGetProperty(name, out var o) ? Sha256(o) : null;

    private static string? Sha256(JsonElement o) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.Object ? Str(d, "sha256") : null;

    private static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Num(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "?";

    private static T? Read<T>(DsseEnvelope? envelope, Func<JsonElement, T?> read)
    {
        if (envelope is null || envelope.PayloadType != DsseEnvelope.InTotoPayloadType) return default;
        try
        {
            using var doc = JsonDocument.Parse(envelope.Payload, new JsonDocumentOptions { MaxDepth = 64 });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("predicate", out var p) && p.ValueKind == JsonValueKind.Object
                ? read(p)
                : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
