using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Formats.Datasets;
using Provenant.Ledger.Entries;
using Provenant.Ledger.Notes;
using Provenant.Signing.Dsse;
using Provenant.Signing.Keys;
using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;

namespace Provenant.Server.Provenance.Verifiers;

/// <summary>
/// <c>bundle</c> and <c>statement</c>: a Sigstore bundle v0.3 (<c>{"bundle": …, "publicKey": PEM?}</c>) or a bare DSSE
/// envelope (<c>{"dsseEnvelope": …, "publicKey": PEM}</c>). Checks the DSSE signature (as <c>verify-statement</c>
/// does), the in-toto statement and its predicate (OMS v1.0 model signature, dataset commitment), and that the entry is
/// in this server's log: through the bundle's own <c>tlogEntries</c> (checked offline against the log key, as
/// <c>verify --log-key</c> does) or, without them, by looking its leaf up in the log.
/// </summary>
public sealed class SignedStatementVerifier(string kind, EntryChecker entries, Ed25519NoteVerifier logKey) : IArtifactVerifier
{
    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    public string Description => kind == "bundle"
        ? "Sigstore bundle v0.3: {\"bundle\": object, \"publicKey\": SPKI PEM (key-mode bundles)}; signature, statement, predicate, log inclusion"
        : "DSSE-signed in-toto statement: {\"dsseEnvelope\": object | \"bundle\": object, \"publicKey\": SPKI PEM}; signature, statement, predicate, log inclusion";

    /// <inheritdoc />
    public VerificationReport Verify(JsonElement request, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        SigstoreBundle bundle;
        ECDsa? key = null;
        try
        {
            if (RequestFields.String(request, "publicKey") is { } pem) key = EcKeys.FromSpkiPem(pem, "request.publicKey");
            if (RequestFields.Object(request, "bundle") is { } b)
            {
                bundle = SigstoreBundle.Parse(Encoding.UTF8.GetBytes(b.GetRawText()), "request.bundle");
            }
            else if (RequestFields.Object(request, "dsseEnvelope") is { } env)
            {
                using var doc = Signing.Json.JsonCursor.ParseDocument(Encoding.UTF8.GetBytes(env.GetRawText()), "request.dsseEnvelope");
                var envelope = DsseEnvelope.Parse(new Signing.Json.JsonCursor(doc.RootElement, "request", "$.dsseEnvelope"));
                bundle = new SigstoreBundle(SigstoreBundle.MediaTypeV03, new VerificationMaterial { PublicKeyHint = key is null ? null : PublicKeyPem.Hint(key) }, envelope);
            }
            else
            {
                checks.Add(new VerificationCheck("request", false, "expected a \"bundle\" or \"dsseEnvelope\" object"));
                return new VerificationReport(kind, checks);
            }
            checks.Add(new VerificationCheck("bundle.parse", true, $"{bundle.MediaType}, DSSE payload {bundle.Envelope.PayloadType} ({bundle.Envelope.Payload.Length} bytes)"));
            Check(bundle, key, checks);
        }
        catch (ProvenantException e)
        {
            checks.Add(new VerificationCheck("bundle.parse", false, e.Message));
        }
        finally
        {
            key?.Dispose();
        }
        return new VerificationReport(kind, checks);
    }

    private void Check(SigstoreBundle bundle, ECDsa? key, List<VerificationCheck> checks)
    {
        var v = BundleVerifier.Verify(bundle, new TrustMaterial { PublicKey = key, PublicKeyHint = key is null ? null : PublicKeyPem.Hint(key) });
        checks.Add(new VerificationCheck("dsse.signature", v.Result.IsValid, v.Result.Reason));
        if (!v.Result.IsValid) return;
        var payload = bundle.Envelope.Payload;
        JsonObject? statement = null;
        try
        {
            statement = JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException e)
        {
            checks.Add(new VerificationCheck("intoto.statement", false, "the payload is not JSON: " + e.Message));
        }
        if (statement is not null) CheckPredicate(statement, payload, checks);
        CheckLogged(bundle, key, checks);
    }

    private static void CheckPredicate(JsonObject statement, byte[] payload, List<VerificationCheck> checks)
    {
        var type = statement["predicateType"]?.GetValueKind() == JsonValueKind.String ? (string)statement["predicateType"]! : null;
        var typeOk = statement["_type"]?.GetValueKind() == JsonValueKind.String && (string)statement["_type"]! == Signing.InToto.InTotoStatement.TypeV1 && type is not null;
        checks.Add(new VerificationCheck("intoto.statement", typeOk, typeOk ? $"in-toto Statement v1, predicateType {type}" : "not an in-toto Statement v1 with a predicateType"));
        if (!typeOk) return;
        try
        {
            if (type == OmsStatement.PredicateTypeV1)
            {
                var manifest = OmsStatement.Parse(payload, "statement", out var name);
                checks.Add(new VerificationCheck("oms.statement", true, $"OMS v1.0 model signature for '{name}' ({manifest.Resources.Count} resources)"));
            }
            else if (type == DatasetCommitment.PredicateType)
            {
                var d = DatasetCommitment.FromStatement(statement, "statement");
                checks.Add(new VerificationCheck("dataset.commitment", true, $"dataset '{d.Name}', {d.RecordCount} records, records root {DatasetCommitment.RootAlgorithm}:{d.RecordsRootHex}"));
            }
        }
        catch (ProvenantException e)
        {
            checks.Add(new VerificationCheck(type == OmsStatement.PredicateTypeV1 ? "oms.statement" : "dataset.commitment", false, e.Message));
        }
    }

    private void CheckLogged(SigstoreBundle bundle, ECDsa? key, List<VerificationCheck> checks)
    {
        if (bundle.Material.TlogEntries.Count > 0)
        {
            var r = BundleLogging.Verify(bundle, key, logKey, [], 0);
            checks.Add(new VerificationCheck("log.inclusion", r.IsValid, r.IsValid ? r.Reason : string.Join("; ", [r.Reason, .. r.Findings])));
            return;
        }
        byte[] body;
        try
        {
            body = BundleLogging.ExpectedBody(bundle, key);
        }
        catch (ArgumentException e)
        {
            checks.Add(new VerificationCheck("log.inclusion", false, e.Message));
            return;
        }
        if (entries.Log.FindLeaf(Rfc9162.HashLeaf(body)) is not ulong i)
        {
            checks.Add(new VerificationCheck("log.inclusion", false, "the bundle carries no tlog entry and its dsse entry is not in this log"));
            return;
        }
        var (_, _, entryChecks) = entries.Check(i);
        checks.AddRange(entryChecks.Where(c => c.Name.StartsWith("log.", StringComparison.Ordinal)));
    }
}
