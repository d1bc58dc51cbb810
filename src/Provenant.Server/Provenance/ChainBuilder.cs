using System.Security.Cryptography;
using Provenant.Core.Collections;
using Provenant.Formats.Datasets;
using Provenant.Ledger.Provenance;
using Provenant.Proofs.ProofFormat;
using Provenant.Server.Provenance.Verifiers;
using Provenant.Signing.Oms;
using Provenant.Training.Audit;

namespace Provenant.Server.Provenance;

/// <summary>
/// Builds a model's provenance chain from the index, and verifies every link on the server (docs/service.md, "Chain"):
/// <list type="number">
/// <item>dataset commitment: the commitments the training provenance names;</item>
/// <item>training run: the SLSA provenance of the model and the training audit verdicts
/// (<see cref="AuditStatement.PredicateType"/>) for its training log root; a provenance verifies only when a logged,
/// signed audit of the same log root passed;</item>
/// <item>model signature: OMS v1.0 statements;</item>
/// <item>inference proofs and claims: statements that refer to the model; an inference-proof statement verifies only
/// when its proof is attached (<see cref="ProofAttachment"/>) and the proof verifies against its weight commitment with
/// the digests the statement names;</item>
/// <item>content credentials: C2PA attachments linked to the model.</item>
/// </list>
/// The model is found under every digest it is known by: an OMS signature's subject digest and the digests of the
/// files it covers (its resources), so provenance about the model file and the signature of its folder meet on one page.
/// </summary>
public sealed class ChainBuilder(EntryChecker entries, CredentialArtifactVerifier credentials)
{
    /// <summary>Most entries read per stage.</summary>
    public const int MaxPerStage = 100;

    /// <summary>Most digests one model is looked up under (its signature subject and its files).</summary>
    public const int MaxDigests = 16;

    /// <summary>Most attachment verification results kept.</summary>
    public const int AttachmentCacheEntries = 10_000;

    /// <summary>The SLSA provenance predicate type prefix (https://slsa.dev/provenance/v1).</summary>
    public const string SlsaPrefix = "https://slsa.dev/provenance/";

    private readonly BoundedCache<string, IReadOnlyList<VerificationCheck>> _attachmentChecks = new(AttachmentCacheEntries, StringComparer.Ordinal);

    /// <summary>The chain of <paramref name="digest"/> (lowercase <c>algorithm:hex</c>), or null when the index holds nothing about it.</summary>
    public IReadOnlyList<ChainLink>? Build(string digest)
    {
        var index = entries.Index;
        var own = index.FindByDigest(digest, -1, ProvenanceIndexLimits.MaxPageSize);
        var digests = RelatedDigests(digest, own);
        var hits = own.Concat(digests.Skip(1).SelectMany(d => index.FindByDigest(d, -1, ProvenanceIndexLimits.MaxPageSize))).DistinctBy(h => (h.Index, h.Relation, h.Digest)).ToList();
        var attachments = digests.SelectMany(d => index.FindAttachments(d, MaxPerStage)).Distinct(StringComparer.Ordinal).Take(MaxPerStage).ToList();
        if (hits.Count == 0 && attachments.Count == 0) return null;
        var signatures = Items(hits.Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == OmsStatement.PredicateTypeV1));
        var slsaHits = hits.Where(h => h.Relation == SubjectRelation.Subject && IsSlsa(h.PredicateType)).DistinctBy(h => h.Index).Take(MaxPerStage).ToList();
        var auditHits = hits.Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == AuditStatement.PredicateType).DistinctBy(h => h.Index).Take(MaxPerStage).ToList();
        var training = Training(slsaHits, auditHits);
        // A dataset's own page: its commitment is the dataset link.
        var datasetHits = hits.Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == DatasetCommitment.PredicateType).ToList();
        foreach (var t in slsaHits)
        {
            foreach (var r in index.ReadIndexedEntry(t.Index)?.Links.Where(l => l.Relation == SubjectRelation.Reference) ?? [])
            {
                datasetHits.AddRange(index.FindByDigest(r.Digest, -1, MaxPerStage).Where(h => h.Relation == SubjectRelation.Subject && h.PredicateType == DatasetCommitment.PredicateType));
            }
        }
        var datasets = Items(datasetHits.DistinctBy(h => h.Index));
        // Claims and proofs that refer to the model, and, on an output's page, those whose subject it is.
        var inference = Inference(hits.Where(h => !IsKnownSubjectType(h.PredicateType)));
        var creds = attachments.Select(Credential).Where(c => c is not null).Select(c => c!).ToList();
        return
        [
            new ChainLink("dataset", "Dataset commitment", datasets),
            new ChainLink("training", "Training run (audit verdict)", training),
            new ChainLink("model-signature", "Model signature", signatures),
            new ChainLink("inference", "Inference proofs and claims", inference),
            new ChainLink("credentials", "Content credentials", creds),
        ];
    }

    private static bool IsSlsa(string predicateType) => predicateType.StartsWith(SlsaPrefix, StringComparison.Ordinal);

    private static bool IsKnownSubjectType(string predicateType) =>
        predicateType == OmsStatement.PredicateTypeV1 || predicateType == DatasetCommitment.PredicateType || IsSlsa(predicateType) || predicateType == AuditStatement.PredicateType;

    /// <summary>
    /// <paramref name="digest"/> and the digests the same model is known by: for an OMS signature whose subject it is,
    /// the files the signature covers; for a file an OMS signature covers, that signature's subject and its other files.
    /// </summary>
    /// <param name="digest">The digest asked for (first in the result).</param>
    /// <param name="hits">What the index holds about <paramref name="digest"/>.</param>
    private List<string> RelatedDigests(string digest, IReadOnlyList<SubjectHit> hits)
    {
        var index = entries.Index;
        var digests = new List<string> { digest };
        foreach (var h in hits.Where(h => h.PredicateType == OmsStatement.PredicateTypeV1).DistinctBy(h => h.Index).Take(MaxPerStage))
        {
            if (index.ReadIndexedEntry(h.Index) is not { } entry) continue;
            foreach (var l in entry.Links)
            {
                if (digests.Count >= MaxDigests) return digests;
                if (!digests.Contains(l.Digest)) digests.Add(l.Digest);
            }
        }
        return digests;
    }

    private List<ChainItem> Items(IEnumerable<SubjectHit> hits) =>
        [.. hits.DistinctBy(h => h.Index).Take(MaxPerStage).Select(h => new ChainItem(h.Index, null, h.Name, h.Digest, h.PredicateType, entries.Check(h.Index).Checks))];

    /// <summary>
    /// The training stage: each audit verdict (its signature, its verdict, and a provenance in this chain for the same
    /// training log), then each SLSA provenance (its signature, the inputs it names, and a passing audit of its log).
    /// </summary>
    private List<ChainItem> Training(List<SubjectHit> slsaHits, List<SubjectHit> auditHits)
    {
        var slsa = slsaHits.Select(h => (Hit: h, Check: entries.Check(h.Index))).Select(x => (x.Hit, x.Check, Root: ChainStatements.TrainingLogRoot(x.Check.Envelope))).ToList();
        var roots = slsa.Where(s => s.Root is not null).Select(s => s.Root!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var audits = new List<ChainItem>();
        var passedRoots = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in auditHits)
        {
            var (_, envelope, checks) = entries.Check(h.Index);
            var all = new List<VerificationCheck>(checks);
            if (ChainStatements.Audit(envelope) is not { } audit)
            {
                all.Add(new VerificationCheck("audit.verdict", false, "the statement has no verdict and training log root"));
            }
            else
            {
                all.Add(new VerificationCheck("audit.verdict", audit.Verdict == "pass", $"{audit.Verdict}: {audit.Summary}"));
                var known = roots.Contains(audit.LogRoot);
                all.Add(new VerificationCheck("audit.training-run", known, known
                    ? $"audits training log {audit.LogRoot}, the one this model's SLSA provenance names"
                    : $"audits training log {audit.LogRoot}, which no logged SLSA provenance of this model names"));
                if (all.All(c => c.Passed)) passedRoots.Add(audit.LogRoot);
            }
            audits.Add(new ChainItem(h.Index, null, h.Name, h.Digest, h.PredicateType, all));
        }
        var items = new List<ChainItem>();
        foreach (var (h, check, root) in slsa)
        {
            var all = new List<VerificationCheck>(check.Checks);
            var refs = check.Entry?.Links.Count(l => l.Relation == SubjectRelation.Reference) ?? 0;
            all.Add(new VerificationCheck("training.materials", refs > 0, refs > 0 ? $"the provenance names {refs} input digest(s)" : "the provenance names no dataset or other input by digest"));
            all.Add(root is null
                ? new VerificationCheck("training.audit", false, "the provenance names no training log (runDetails.byproducts \"training-log\"), so no audit can refer to it")
                : passedRoots.Contains(root)
                    ? new VerificationCheck("training.audit", true, $"a signed, logged audit of training log {root} passed")
                    : new VerificationCheck("training.audit", false, $"no passing audit verdict is logged for training log {root} (provenant audit-training --statement, then sign and log it)"));
            items.Add(new ChainItem(h.Index, null, h.Name, h.Digest, h.PredicateType, all));
        }
        items.AddRange(audits);
        return items;
    }

    /// <summary>The inference stage: entry checks for every claim; for inference-proof statements, the attached proof too.</summary>
    private List<ChainItem> Inference(IEnumerable<SubjectHit> hits)
    {
        var items = new List<ChainItem>();
        foreach (var h in hits.DistinctBy(h => h.Index).Take(MaxPerStage))
        {
            var (_, envelope, checks) = entries.Check(h.Index);
            var all = new List<VerificationCheck>(checks);
            if (h.PredicateType == ProofStatementJson.PredicateType) all.AddRange(ProofChecks(envelope));
            items.Add(new ChainItem(h.Index, null, h.Name, h.Digest, h.PredicateType, all));
        }
        return items;
    }

    private IReadOnlyList<VerificationCheck> ProofChecks(Signing.Dsse.DsseEnvelope? envelope)
    {
        if (ChainStatements.Proof(envelope) is not { } named) return [new VerificationCheck("proof.statement", false, "the statement names no proof file digest (predicate.proof.digest.sha256)")];
        var proofDigest = "sha256:" + named.Proof.ToLowerInvariant();
        foreach (var a in entries.Index.FindAttachments(proofDigest, MaxPerStage))
        {
            if (entries.Index.ReadAttachment(a) is not { Kind: ProofAttachment.Kind } attachment) continue;
            return _attachmentChecks.GetOrAdd(attachment.Digest + "|" + named, _ => VerifyAttachedProof(attachment, named));
        }
        return [new VerificationCheck("proof.attachment", false, $"the proof file {proofDigest} is not attached (POST /api/v1/attachments, kind \"{ProofAttachment.Kind}\"), so it cannot be verified")];
    }

    private static IReadOnlyList<VerificationCheck> VerifyAttachedProof(Attachment attachment, (string Proof, string? Model, string? WeightCommitment, string? Circuit) named)
    {
        var checks = new List<VerificationCheck>();
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(attachment.Data));
        checks.Add(new VerificationCheck("attachment.digest", actual == attachment.Digest, actual == attachment.Digest ? "the stored bytes have the recorded digest" : $"the stored bytes hash to {actual}"));
        if (ProofAttachment.Decode(attachment.Data) is not { } files)
        {
            checks.Add(new VerificationCheck("proof.attachment", false, "the attachment is not an encoded proof and weight commitment"));
            return checks;
        }
        var fileDigest = Convert.ToHexStringLower(SHA256.HashData(files.Proof));
        checks.Add(new VerificationCheck("proof.file", string.Equals(fileDigest, named.Proof, StringComparison.OrdinalIgnoreCase),
            $"the attached proof file has sha256 {fileDigest}; the statement names {named.Proof}"));
        var (proof, _, proofChecks) = InferenceProofVerifier.Check(files.Proof, files.WeightCommitment);
        checks.AddRange(proofChecks);
        if (proof is not null)
        {
            var s = proof.Statement;
            checks.Add(Same("proof.model", Convert.ToHexStringLower(s.ModelDigest), named.Model, "model"));
            checks.Add(Same("proof.weight-commitment", Convert.ToHexStringLower(s.WeightCommitmentDigest), named.WeightCommitment, "weight commitment"));
            checks.Add(Same("proof.circuit", Convert.ToHexStringLower(s.CircuitDigest), named.Circuit, "circuit"));
        }
        return checks;
    }

    private static VerificationCheck Same(string name, string proven, string? named, string what) =>
        string.Equals(proven, named, StringComparison.OrdinalIgnoreCase)
            ? new VerificationCheck(name, true, $"the proof binds the {what} digest the statement names ({proven})")
            : new VerificationCheck(name, false, $"the proof binds {what} {proven}; the statement names {named ?? "none"}");

    private ChainItem? Credential(string attachmentDigest)
    {
        var a = entries.Index.ReadAttachment(attachmentDigest);
        if (a is null || a.Kind != credentials.Kind) return null;
        var checks = _attachmentChecks.GetOrAdd(attachmentDigest, _ =>
        {
            var list = new List<VerificationCheck>();
            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(a.Data));
            list.Add(new VerificationCheck("attachment.digest", actual == a.Digest, actual == a.Digest ? "the stored bytes have the recorded digest" : $"the stored bytes hash to {actual}"));
            list.AddRange(credentials.Check(a.Data).Checks);
            return list;
        });
        return new ChainItem(null, a.Digest, a.Name, a.Digest, a.Kind, checks);
    }
}
