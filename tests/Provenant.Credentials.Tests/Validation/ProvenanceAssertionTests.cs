using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Validation;

/// <summary>The dev.provenant.provenance assertion: what is recorded, and the comparisons against given artifacts.</summary>
public sealed class ProvenanceAssertionTests : SignedAssetTest
{
    private const string Checkpoint = "example.com/log\n6\nq2mD0zRpP1mSQ2Oj4iH6sQpGz0yCgqG6y1m7u4kF0cQ=\n\n— example.com/log AAAA\n";

    /// <summary>The model statement bundle with a tlog entry (index 5 under <see cref="Checkpoint"/>) added.</summary>
    private string LoggedStatement()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Assets.ModelStatement))!;
        var entry = new JsonObject { ["logIndex"] = "5", ["inclusionProof"] = new JsonObject { ["checkpoint"] = new JsonObject { ["envelope"] = Checkpoint } } };
        bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray(entry);
        return Assets.Write("logged.sig", System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()));
    }

    [Fact]
    public void TheAssertionRecordsTheStatementProofAndLogEntryAndTheyMatchTheFiles()
    {
        var statement = LoggedStatement();
        var proof = Assets.Write("receipt.json", "{\"receipt\":1}"u8.ToArray());
        var png = Assets.Copy("libpng-test.png");
        var definition = ProvenanceCredential.Define(png, statement, proof, null, null, "0");
        CredentialEmbedder.Add(png, null, definition, new ClaimSigner(Assets.Pki.SignerKey, Assets.Pki.Chain));
        var report = CredentialVerifier.Verify(png, Assets.Trusting with { ModelStatementPath = statement, InferenceProofPath = proof });
        Assert.Equal(CredentialState.Trusted, report.State);
        var p = report.Manifests[0].Provenance!;
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(statement)), p.ModelStatement.Hash);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(proof)), p.InferenceProof!.Hash);
        Assert.Equal(new LogEntryReference(5, Checkpoint), p.LogEntry);
        Assert.Equal(2, report.Manifests[0].Checks.Count(c => c.Code == StatusCodes.ProvenanceMatch));
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.LogEntryMatch);

        var wrong = CredentialVerifier.Verify(png, Assets.Trusting with { ModelStatementPath = Assets.ModelStatement, InferenceProofPath = statement });
        Assert.Equal(CredentialState.Invalid, wrong.State);
        Assert.Equal(2, wrong.Failures.Count(f => f.Code == StatusCodes.ProvenanceMismatch));
        Assert.Contains(wrong.Failures, f => f.Code == StatusCodes.LogEntryMismatch);
    }

    [Fact]
    public void TheActionsAssertionSaysCreatedByATrainedModelNamedAsSoftwareAgent()
    {
        var png = Assets.SignedCopy("libpng-test.png");
        var store = ManifestStore.Parse(new PngContainer().Find(File.ReadAllBytes(png), "p")!.Store, "p");
        var actions = store.Active.AssertionCbor(C2paLabels.ActionsV2, "p")!.AsMap()!.Get("actions")!.AsArray()!;
        var action = Assert.Single(actions.Items).AsMap()!;
        Assert.Equal("c2pa.created", action.Get("action")!.AsText());
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", action.Get("digitalSourceType")!.AsText());
        Assert.False(string.IsNullOrEmpty(action.Get("softwareAgent")!.AsMap()!.Get("name")!.AsText()));
        Assert.StartsWith("sha256:", action.Get("softwareAgent")!.AsMap()!.Get("version")!.AsText());
    }

    [Fact]
    public void OurClaimsAndAssertionsAreDeterministicCbor()
    {
        var png = Assets.SignedCopy("libpng-test.png");
        var m = ManifestStore.Parse(new PngContainer().Find(File.ReadAllBytes(png), "p")!.Store, "p").Active;
        CborDecoder.Decode(m.ClaimBytes, "claim", CborDecodeOptions.Deterministic);
        foreach (var box in m.AssertionStore.SuperBoxes) CborDecoder.Decode(box.FirstContent!.Payload.Span, box.Label!, CborDecodeOptions.Deterministic);
    }

    [Fact]
    public void AMalformedLogEntryFileIsAFormatError()
    {
        var bad = Assets.Write("entry.json", "{\"logIndex\":\"-3\"}"u8.ToArray());
        Assert.Contains("logIndex", Assert.Throws<ProvenantFormatException>(() => ProvenanceCredential.Define("x.png", Assets.ModelStatement, null, bad, null, "0")).Message);
    }
}
