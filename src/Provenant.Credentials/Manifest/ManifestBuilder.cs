using System.Security.Cryptography;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Cose;
using Provenant.Credentials.Jumbf;

namespace Provenant.Credentials.Manifest;

/// <summary>
/// Builds a C2PA manifest store (C2PA 2.x §11): superbox <c>c2pa</c> → manifest <c>urn:c2pa:…</c> →
/// assertion store <c>c2pa.assertions</c> (one superbox per assertion, CBOR content), claim <c>c2pa.claim.v2</c>
/// (CBOR, §10) whose <c>created_assertions</c> are hashed URIs (SHA-256 of each assertion superbox's payload), and
/// claim signature <c>c2pa.signature</c> (COSE_Sign1, detached claim payload, alg + x5chain protected, §13).
/// </summary>
public static class ManifestBuilder
{
    /// <summary>Builds the store bytes.</summary>
    /// <param name="definition">Labels, title and assertions.</param>
    /// <param name="dataHash">The <c>c2pa.hash.data</c> hard binding (written as the last assertion).</param>
    /// <param name="signer">The claim signer.</param>
    /// <exception cref="ArgumentException">Duplicate assertion labels or an unsupported key.</exception>
    public static byte[] Build(ManifestDefinition definition, DataHashAssertion dataHash, ClaimSigner signer)
    {
        var assertions = definition.Assertions.Append(new AssertionContent(C2paLabels.DataHash, dataHash.ToCbor())).ToList();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var assertionBoxes = new List<byte[]>();
        var created = new List<CborNode>();
        foreach (var a in assertions)
        {
            if (!labels.Add(a.Label)) throw new ArgumentException($"duplicate assertion label '{a.Label}'");
            var payload = JumbfWriter.SuperBoxPayload(JumbfUuid.Cbor, a.Label, JumbfWriter.Box("cbor", CborEncoder.Encode(a.Content)));
            assertionBoxes.Add(JumbfWriter.Box("jumb", payload));
            created.Add(new HashedUri(C2paLabels.AssertionUri(a.Label), "sha256", SHA256.HashData(payload)).ToCbor());
        }
        var generator = new CborMap().Add("name", definition.GeneratorName).Add("version", definition.GeneratorVersion);
        var claim = new CborMap()
            .Add("instanceID", definition.InstanceId)
            .Add("claim_generator_info", generator)
            .Add("signature", $"self#jumbf={C2paLabels.Signature}")
            .Add("created_assertions", new CborArray(created))
            .Add("alg", "sha256");
        if (definition.Title is not null) claim.Add("dc:title", definition.Title);
        var claimBytes = CborEncoder.Encode(claim);
        var cose = CoseSigner.Sign(signer.Key, claimBytes, signer.X5Chain, detached: true).Encode();

        var manifest = JumbfWriter.SuperBox(JumbfUuid.Manifest, definition.ManifestLabel,
            JumbfWriter.SuperBox(JumbfUuid.AssertionStore, C2paLabels.AssertionStore, assertionBoxes.ToArray()),
            JumbfWriter.SuperBox(JumbfUuid.Claim, C2paLabels.ClaimV2, JumbfWriter.Box("cbor", claimBytes)),
            JumbfWriter.SuperBox(JumbfUuid.ClaimSignature, C2paLabels.Signature, JumbfWriter.Box("cbor", cose)));
        return JumbfWriter.SuperBox(JumbfUuid.ManifestStore, C2paLabels.ManifestStore, manifest);
    }
}
