using System.Collections.Concurrent;
using System.Security.Cryptography;
using Provenant.Formats.Datasets;
using Provenant.Ledger.Provenance;
using Provenant.Signing.Oms;
using Provenant.Server.Provenance.Verifiers;

namespace Provenant.Server.Provenance;

/// <summary>
/// Builds a model's provenance chain from the index, and verifies every link on the server:
/// dataset commitment → training run (SLSA provenance naming the dataset) → model signature (OMS v1.0) → inference
/// claims (statements referring to the model) → content credentials (C2PA attachments linked to the model). For a
/// dataset digest the dataset link is its own commitment; for an output, the inference link is the claim about it.
/// </summary>
public sealed class ChainBuilder(EntryChecker entries, CredentialArtifactVerifier credentials)
{
    /// <summary>Most entries read per stage.</summary>
    public const int MaxPerStage = 100;

    /// <summary>The SLSA provenance predicate type prefix (https://slsa.dev/provenance/v1).</summary>
    public const string SlsaPrefix = "https://slsa.dev/provenance/";

    private readonly ConcurrentDictionary<string, IReadOnlyList<VerificationCheck>> _attachmentChecks = new(StringComparer.Ordinal);

    /// <summary>The chain of <paramref name="digest"/> (lowercase <c>algorithm:hex</c>), or null when the index holds nothing about it.</summary>
    public IReadOnlyList<ChainLink>? Build(string digest)
    {
        var index = entries.Index;
        var hits = index.FindByDigest(digest, -1, ProvenanceIndexLimits.MaxPageSize);
        var attachments = index.FindAttachments(digest, MaxPerStage);
        if (hits.Count == 0 && attachments.Count == 0) return null;
        var signatures = Items(hits.Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == OmsStatement.PredicateTypeV1), "oms");
        var trainingHits = hits.Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType.StartsWith(SlsaPrefix, StringComparison.Ordinal)).Take(MaxPerStage).ToList();
        var training = Items(trainingHits, "training");
        // A dataset's own page: its commitment is the dataset link.
        var datasetHits = hits.Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == DatasetCommitment.PredicateType).ToList();
        foreach (var t in training)
        {
            foreach (var r in entries.Index.ReadIndexedEntry(t.Index!.Value)?.Links.Where(l => l.Relation == SubjectRelation.Reference) ?? [])
            {
                datasetHits.AddRange(index.FindByDigest(r.Digest, -1, MaxPerStage).Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == DatasetCommitment.PredicateType));
            }
        }
        var datasets = Items(datasetHits.DistinctBy(h => h.Index), "dataset");
        // Claims that refer to the model, and, on an output's page, claims whose subject it is.
        var inference = Items(hits.Where(h => h.Relation == SubjectRelation.Reference ? !h.PredicateType.StartsWith(SlsaPrefix, StringComparison.Ordinal) : !IsKnownSubjectType(h.PredicateType)), "inference");
        var creds = attachments.Select(Credential).Where(c => c is not null).Select(c => c!).ToList();
        return
        [
            new ChainLink("dataset", "Dataset commitment", datasets),
            new ChainLink("training", "Training run", training),
            new ChainLink("model-signature", "Model signature", signatures),
            new ChainLink("inference", "Inference proofs and claims", inference),
            new ChainLink("credentials", "Content credentials", creds),
        ];
    }

    private static bool IsKnownSubjectType(string predicateType) =>
        predicateType == OmsStatement.PredicateTypeV1 || predicateType == DatasetCommitment.PredicateType || predicateType.StartsWith(SlsaPrefix, StringComparison.Ordinal);

    private List<ChainItem> Items(IEnumerable<SubjectHit> hits, string stage)
    {
        var items = new List<ChainItem>();
        foreach (var h in hits.DistinctBy(h => h.Index).Take(MaxPerStage))
        {
            var (entry, _, checks) = entries.Check(h.Index);
            var all = new List<VerificationCheck>(checks);
            if (stage == "training")
            {
                var refs = entry?.Links.Count(l => l.Relation == SubjectRelation.Reference) ?? 0;
                all.Add(new VerificationCheck("training.materials", refs > 0, refs > 0 ? $"the provenance names {refs} input digest(s)" : "the provenance names no dataset or other input by digest"));
            }
            items.Add(new ChainItem(h.Index, null, h.Name, h.Digest, h.PredicateType, all));
        }
        return items;
    }

    private ChainItem? Credential(string attachmentDigest)
    {
        var a = entries.Index.ReadAttachment(attachmentDigest);
        if (a is null) return null;
        var checks = _attachmentChecks.GetOrAdd(attachmentDigest, _ =>
        {
            var list = new List<VerificationCheck>();
            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(a.Data));
            list.Add(new VerificationCheck("attachment.digest", actual == a.Digest, actual == a.Digest ? "the stored bytes have the recorded digest" : $"the stored bytes hash to {actual}"));
            list.AddRange(a.Kind == credentials.Kind ? credentials.Check(a.Data).Checks : [new VerificationCheck("attachment.kind", false, $"no verifier for '{a.Kind}'")]);
            return list;
        });
        return new ChainItem(null, a.Digest, a.Name, a.Digest, a.Kind, checks);
    }
}
