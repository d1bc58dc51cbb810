using System.Globalization;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Hashing;
using Provenant.Formats.Datasets;

namespace Provenant.Training.Audit;

/// <summary>
/// The in-toto Statement v1 an auditor signs for a training audit (<c>provenant audit-training --statement</c>,
/// docs/training.md "Audit verdict statement"). Subject: the audited model file (SHA-256). Predicate
/// <see cref="PredicateType"/>:
/// <code>
/// { "verdict": "pass" | "fail",
///   "trainingLog": { "digest": { "sha256": log root } },            // the SLSA provenance's training-log byproduct
///   "dataset": { "name", "digest": { "sha256": records root }, "recordCount" },
///   "segments": { "total", "sampled": [..], "topQ": [..] },
///   "steps": { "total", "reExecuted" }, "fractionReExecuted",
///   "detection": { "forgedFraction", "escapeProbability" },
///   "totalFlops", "maxFlops"?,
///   "checks": [ { "name", "passed", "detail" } ],
///   "auditor": "provenant audit-training" }
/// </code>
/// The <c>digest</c> objects make the statement findable by the log root and the dataset root in a provenance index,
/// so a service can pair it with the run's SLSA provenance. Canonical JSON (RFC 8785) and one newline.
/// </summary>
public static class AuditStatement
{
    /// <summary>The predicate type URI.</summary>
    public const string PredicateType = "https://provenant.dev/training-audit/v1";

    /// <summary>Builds the statement bytes.</summary>
    /// <param name="report">The audit's outcome.</param>
    /// <param name="dataset">The trusted dataset commitment the audit used.</param>
    /// <param name="modelPath">The audited model file (the subject).</param>
    /// <param name="maxFlops">The FLOP threshold given to the audit, if any.</param>
    /// <exception cref="Core.Errors.ProvenantException">The model file cannot be read.</exception>
    public static byte[] Build(AuditReport report, DatasetCommitment dataset, string modelPath, double? maxFlops)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(dataset);
        var modelDigest = Sha256Hash.FileHex(modelPath, "model");
        var inv = CultureInfo.InvariantCulture;
        var predicate = new JsonObject
        {
            ["verdict"] = report.Passed ? "pass" : "fail",
            ["trainingLog"] = new JsonObject { ["digest"] = new JsonObject { ["sha256"] = report.LogRoot } },
            ["dataset"] = new JsonObject
            {
                ["name"] = dataset.Name,
                ["digest"] = new JsonObject { ["sha256"] = Hex.Encode(dataset.RecordsRoot) },
                ["recordCount"] = dataset.RecordCount,
            },
            ["segments"] = new JsonObject
            {
                ["total"] = report.SegmentCount,
                ["sampled"] = new JsonArray([.. report.SampledSegments.Select(s => (JsonNode)s)]),
                ["topQ"] = new JsonArray([.. report.TopSegments.Select(s => (JsonNode)s)]),
            },
            ["steps"] = new JsonObject { ["total"] = report.TotalSteps, ["reExecuted"] = report.StepsReExecuted },
            // Decimal strings: canonical JSON numbers are integers here, and these are ratios.
            ["fractionReExecuted"] = report.FractionReExecuted.ToString("R", inv),
            ["detection"] = new JsonObject
            {
                ["forgedFraction"] = report.ForgedFraction.ToString("R", inv),
                ["escapeProbability"] = report.EscapeProbability.ToString("R", inv),
            },
            ["totalFlops"] = report.TotalFlops,
            ["checks"] = new JsonArray([.. report.Checks.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["passed"] = c.Passed, ["detail"] = c.Detail })]),
            ["auditor"] = "provenant audit-training",
        };
        if (maxFlops is { } m) predicate["maxFlops"] = m.ToString("R", inv);
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = Path.GetFileName(modelPath),
                ["digest"] = new JsonObject { ["sha256"] = modelDigest },
            }),
            ["predicateType"] = PredicateType,
            ["predicate"] = predicate,
        };
        return [.. CanonicalJson.Canonicalize(statement), (byte)'\n'];
    }
}
