using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Datasets;
using Provenant.Training.Config;
using Provenant.Training.Log;

namespace Provenant.Training.Provenance;

/// <summary>
/// The in-toto Statement v1 with a SLSA Provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance) describing a
/// logged training run, so it can be signed with <c>provenant sign-statement</c> and recorded in a transparency log:
/// <list type="bullet">
/// <item><c>subject</c>: the trained model file (name, <c>digest.sha256</c>), or the final checkpoint when no model was written;</item>
/// <item><c>buildDefinition.buildType</c> = <see cref="BuildType"/>; <c>externalParameters</c> = the configuration JSON, the
/// nonce and the checkpoint interval; <c>internalParameters</c> = the commitment and the seed derived from it;</item>
/// <item><c>resolvedDependencies</c>: the dataset (records root as <c>digest.sha256</c>, record count) and each of its files, the base model
/// (initial checkpoint: state hash, weights root) and the code (SHA-256 of the Provenant.Training assembly);</item>
/// <item><c>runDetails.builder.id</c> = <see cref="BuilderId"/>; <c>byproducts</c>: the training log (root as
/// <c>digest.sha256</c>, leaves, steps) and the total FLOPs.</item>
/// </list>
/// </summary>
public static class TrainingProvenance
{
    /// <summary>The SLSA Provenance v1 predicate type.</summary>
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>The build type of a Provenant proof-of-learning run (log layout v1).</summary>
    public const string BuildType = "https://provenant.dev/training/v1";

    /// <summary>The builder id written to <c>runDetails.builder.id</c>.</summary>
    public const string BuilderId = "https://provenant.dev/provenant-train";

    /// <summary>Builds the statement.</summary>
    /// <param name="log">The finished log.</param>
    /// <param name="config">The configuration as trained.</param>
    /// <param name="dataset">The dataset commitment trained on: its records root, and each of its files (by SHA-256, as
    /// SLSA materials, so the run is found from the dataset's own commitment statement, whose subjects they are).</param>
    /// <param name="modelPath">The trained model file (subject), or null to name the final checkpoint.</param>
    /// <param name="startedOn">When training started (UTC).</param>
    /// <param name="finishedOn">When it finished (UTC).</param>
    /// <exception cref="Core.Errors.ProvenantException">A file cannot be read.</exception>
    public static JsonObject ToStatement(TrainingLog log, TrainingConfig config, DatasetCommitment dataset, string? modelPath, DateTimeOffset startedOn, DateTimeOffset finishedOn)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataset);
        var g = log.Genesis;
        var last = log.Checkpoints[^1];
        var subjectPath = modelPath ?? log.CheckpointPath(last.Step);
        var subject = new JsonObject
        {
            ["name"] = Path.GetFileName(subjectPath),
            ["digest"] = new JsonObject { ["sha256"] = Sha256Hash.FileHex(subjectPath, "model") },
        };
        var configJson = JsonNode.Parse(BoundedFile.ReadAll(Path.Combine(log.Directory, TrainingLog.ConfigFileName), "training configuration", TrainingConfigParser.MaxBytes));
        var code = typeof(TrainingProvenance).Assembly.Location;
        var dependencies = new JsonArray
        {
            new JsonObject
            {
                ["name"] = "dataset:" + dataset.Name,
                ["digest"] = new JsonObject { ["sha256"] = Hex.Encode(g.DatasetRoot) },
                ["annotations"] = new JsonObject { ["digestOf"] = "rfc9162-sha256 records root", ["recordCount"] = g.DatasetRecordCount },
            },
            new JsonObject
            {
                ["name"] = "base-model:initial-checkpoint",
                ["uri"] = $"{TrainingLog.CheckpointFolder}/{TrainingLog.CheckpointFileName(0)}",
                ["digest"] = new JsonObject { ["sha256"] = g.Initial.StateHashHex },
                ["annotations"] = new JsonObject { ["weightsRoot"] = g.Initial.WeightsRootHex, ["derivedFrom"] = "seed" },
            },
            new JsonObject
            {
                ["name"] = "code:" + Path.GetFileName(code),
                ["digest"] = new JsonObject { ["sha256"] = code.Length > 0 && File.Exists(code) ? Sha256Hash.FileHex(code, "code") : Hex.Encode(SHA256.HashData([])) },
            },
        };
        foreach (var f in dataset.Files)
        {
            dependencies.Add(new JsonObject { ["name"] = "dataset-file:" + f.Path, ["digest"] = new JsonObject { ["sha256"] = f.Sha256 } });
        }
        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = BuildType,
                ["externalParameters"] = new JsonObject
                {
                    ["config"] = configJson,
                    ["configDigest"] = Hex.Encode(g.ConfigDigest),
                    ["nonce"] = Hex.Encode(g.Nonce),
                    ["checkpointInterval"] = g.CheckpointInterval,
                },
                ["internalParameters"] = new JsonObject { ["commitment"] = g.CommitmentHex, ["seed"] = g.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["resolvedDependencies"] = dependencies,
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = new JsonObject { ["id"] = BuilderId },
                ["metadata"] = new JsonObject
                {
                    ["invocationId"] = g.CommitmentHex,
                    ["startedOn"] = startedOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    ["finishedOn"] = finishedOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                },
                ["byproducts"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["name"] = "training-log",
                        ["uri"] = TrainingLog.LogFileName,
                        ["digest"] = new JsonObject { ["sha256"] = log.RootHex },
                        ["annotations"] = new JsonObject { ["digestOf"] = "rfc9162-sha256 log root", ["leaves"] = log.LeafCount, ["steps"] = log.Steps.Count, ["finalWeightsRoot"] = last.WeightsRootHex },
                    },
                    new JsonObject
                    {
                        ["name"] = "compute",
                        ["annotations"] = new JsonObject { ["totalFlops"] = log.LoggedFlops, ["flopConvention"] = "multiply-add = 2, exp/log/sqrt = 1 (docs/training.md)" },
                    },
                },
            },
        };
        return new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray { subject },
            ["predicateType"] = PredicateType,
            ["predicate"] = predicate,
        };
    }
}
