using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Credentials.Validation;
using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;

namespace Provenant.Credentials.Manifest;

/// <summary>
/// Assembles the manifest Provenant puts on a generated output: <c>c2pa.actions.v2</c> (created by a trained model,
/// the model named as software agent with its OMS subject digest), <c>dev.provenant.provenance</c> (SHA-256 of the
/// model statement bundle, of the inference proof or receipt, and the log entry), and optionally
/// <c>cawg.training-mining</c>.
/// </summary>
public static class ProvenanceCredential
{
    /// <summary>The claim generator name written into claims.</summary>
    public const string GeneratorName = "Provenant";

    /// <summary>Builds the definition.</summary>
    /// <param name="assetPath">The output being credentialed (its file name becomes <c>dc:title</c>).</param>
    /// <param name="modelStatementPath">The model's OMS Sigstore bundle (signed statement).</param>
    /// <param name="proofPath">The inference proof or signed receipt, if any.</param>
    /// <param name="logEntryPath">A tlog entry JSON (or a bundle carrying one); null to take the statement bundle's first tlog entry, if any.</param>
    /// <param name="trainingMining">CAWG training/mining use (<c>allowed</c>, <c>notAllowed</c>, <c>constrained</c>), or null to omit.</param>
    /// <param name="generatorVersion">The Provenant version.</param>
    /// <exception cref="ProvenantException">A file is missing or the statement is not an OMS bundle.</exception>
    public static ManifestDefinition Define(string assetPath, string modelStatementPath, string? proofPath, string? logEntryPath, string? trainingMining, string generatorVersion)
    {
        var bundle = SigstoreBundle.ReadFile(modelStatementPath);
        var oms = OmsStatement.Parse(bundle.Envelope.Payload, modelStatementPath, out var modelName);
        LogEntryReference? log = null;
        if (logEntryPath is not null)
        {
            log = LogEntryJson.Parse(System.Text.Encoding.UTF8.GetString(BoundedFile.ReadAll(logEntryPath, "log entry", 16 << 20)), logEntryPath);
        }
        else if (bundle.Material.TlogEntries.Count > 0)
        {
            log = LogEntryJson.Parse(bundle.Material.TlogEntries[0], modelStatementPath + " tlogEntries[0]");
        }
        var provenance = new ProvenanceAssertion(
            ArtifactChecks.Digest(modelStatementPath, "model statement"),
            proofPath is null ? null : ArtifactChecks.Digest(proofPath, "inference proof"),
            log);
        var assertions = new List<AssertionContent>
        {
            new(C2paLabels.ActionsV2, StandardAssertions.CreatedByModel(modelName, "sha256:" + Hex.Encode(oms.SubjectDigest()))),
            new(C2paLabels.Provenance, provenance.ToCbor()),
        };
        if (trainingMining is not null) assertions.Add(new(C2paLabels.TrainingMining, StandardAssertions.TrainingMining(trainingMining)));
        return ManifestDefinition.Create(Path.GetFileName(assetPath), GeneratorName, generatorVersion, assertions);
    }
}
