using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Jumbf;

namespace Provenant.Credentials.Manifest;

/// <summary>
/// One manifest read from a store (C2PA 2.x §11.1): its label, assertion store, claim (v1 <c>c2pa.claim</c> or v2
/// <c>c2pa.claim.v2</c>) with its exact CBOR bytes (what the signature covers), and the claim signature bytes.
/// </summary>
public sealed class ParsedManifest
{
    private ParsedManifest(JumbfSuperBox box, string label, JumbfSuperBox assertionStore, string claimLabel, byte[] claimBytes, CborMap claim, byte[] signature, IReadOnlyList<HashedUri> assertions)
    {
        Box = box;
        Label = label;
        AssertionStore = assertionStore;
        ClaimLabel = claimLabel;
        ClaimBytes = claimBytes;
        Claim = claim;
        SignatureBytes = signature;
        AssertionReferences = assertions;
    }

    /// <summary>The manifest superbox.</summary>
    public JumbfSuperBox Box { get; }

    /// <summary>The manifest label (e.g. <c>urn:c2pa:…</c> or <c>contentauth:urn:uuid:…</c>).</summary>
    public string Label { get; }

    /// <summary>The assertion store superbox.</summary>
    public JumbfSuperBox AssertionStore { get; }

    /// <summary><c>c2pa.claim.v2</c> or <c>c2pa.claim</c>.</summary>
    public string ClaimLabel { get; }

    /// <summary>2 for <c>c2pa.claim.v2</c>, 1 for <c>c2pa.claim</c>.</summary>
    public int ClaimVersion => ClaimLabel == C2paLabels.ClaimV2 ? 2 : 1;

    /// <summary>The claim's CBOR bytes as stored (the detached COSE payload).</summary>
    public byte[] ClaimBytes { get; }

    /// <summary>The decoded claim.</summary>
    public CborMap Claim { get; }

    /// <summary>The COSE_Sign1 bytes of the claim signature box.</summary>
    public byte[] SignatureBytes { get; }

    /// <summary>The hashed URIs of the claim's assertions (v2: created then gathered; v1: assertions).</summary>
    public IReadOnlyList<HashedUri> AssertionReferences { get; }

    /// <summary>The claim's default hash algorithm name (<c>alg</c>), or null.</summary>
    public string? ClaimAlg => Claim.Get("alg")?.AsText();

    /// <summary>The assertion superbox a JUMBF URI names, relative (<c>self#jumbf=c2pa.assertions/L</c>) or absolute
    /// within this manifest (<c>self#jumbf=/c2pa/MANIFEST/c2pa.assertions/L</c>); null when absent.</summary>
    public JumbfSuperBox? ResolveAssertion(string url)
    {
        const string prefix = "self#jumbf=";
        if (!url.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var path = url[prefix.Length..];
        var absolute = $"/{C2paLabels.ManifestStore}/{Label}/";
        if (path.StartsWith(absolute, StringComparison.Ordinal)) path = path[absolute.Length..];
        var storePrefix = C2paLabels.AssertionStore + "/";
        return path.StartsWith(storePrefix, StringComparison.Ordinal) ? AssertionStore.Child(path[storePrefix.Length..]) : null;
    }

    /// <summary>The decoded CBOR content of the assertion with <paramref name="label"/>, or null when absent or not CBOR.</summary>
    /// <exception cref="ProvenantFormatException">The CBOR is malformed.</exception>
    public CborNode? AssertionCbor(string label, string source)
    {
        var box = AssertionStore.Child(label);
        if (box?.FirstContent is not { Type: "cbor" } content) return null;
        return CborDecoder.Decode(content.Payload.Span, $"{source} assertion {label}", CborDecodeOptions.Lenient);
    }

    /// <summary>Checks a C2PA box's type UUID and that it is requestable and labelled (C2PA 2.x §11.1: toggles 0x03).</summary>
    internal static void RequireType(JumbfSuperBox box, JumbfUuid type, string where)
    {
        const byte required = JumbfDescription.Requestable | JumbfDescription.LabelPresent;
        if ((box.Description.Toggles & required) != required)
        {
            throw new ProvenantFormatException(where, $"{box.Label ?? "box"} jumd toggles", "requestable and labelled (0x03)", $"0x{box.Description.Toggles:x2}", box.Offset);
        }
        if (box.Description.Type != type) throw new ProvenantFormatException(where, box.Label ?? "box", $"JUMBF type {type} ({type.Hex})", box.Description.Type.Hex, box.Offset);
    }

    /// <summary>Reads a manifest superbox.</summary>
    /// <exception cref="ProvenantFormatException">Missing assertion store, claim or signature; malformed claim CBOR.</exception>
    public static ParsedManifest Read(JumbfSuperBox box, string source)
    {
        var label = box.Label ?? throw new ProvenantFormatException(source, "manifest", "a labelled manifest superbox", "no label", box.Offset);
        var where = $"{source} manifest {label}";
        RequireType(box, box.Description.Type == JumbfUuid.UpdateManifest ? JumbfUuid.UpdateManifest : JumbfUuid.Manifest, where);
        var store = box.Child(C2paLabels.AssertionStore) ?? throw new ProvenantFormatException(where, "c2pa.assertions", "an assertion store box", "none", box.Offset);
        var claimBox = box.Child(C2paLabels.ClaimV2) ?? box.Child(C2paLabels.ClaimV1) ?? throw new ProvenantFormatException(where, "claim", "a c2pa.claim.v2 (or c2pa.claim) box", "none", box.Offset);
        var sigBox = box.Child(C2paLabels.Signature) ?? throw new ProvenantFormatException(where, "c2pa.signature", "a claim signature box", "none", box.Offset);
        RequireType(store, JumbfUuid.AssertionStore, where);
        RequireType(claimBox, JumbfUuid.Claim, where);
        RequireType(sigBox, JumbfUuid.ClaimSignature, where);
        var claimContent = claimBox.FirstContent is { Type: "cbor" } cc ? cc : throw new ProvenantFormatException(where, claimBox.Label!, "a cbor content box", "none", claimBox.Offset);
        var sigContent = sigBox.FirstContent is { Type: "cbor" } sc ? sc : throw new ProvenantFormatException(where, "c2pa.signature", "a cbor content box", "none", sigBox.Offset);
        var claimBytes = claimContent.Payload.ToArray();
        // c2pa-rs writes claims as indefinite-length maps (serde_cbor); the signature covers the stored bytes, never a
        // re-encoding, so they are read leniently here. Provenant writes definite lengths.
        var claim = CborDecoder.Decode(claimBytes, $"{where} claim", CborDecodeOptions.Lenient) as CborMap ?? throw new ProvenantFormatException(where, "claim", "a CBOR map", "another item", claimContent.Offset);
        var refs = new List<HashedUri>();
        foreach (var field in claimBox.Label == C2paLabels.ClaimV2 ? new[] { "created_assertions", "gathered_assertions" } : ["assertions"])
        {
            if (claim.Get(field) is not { } list) continue;
            var array = list.AsArray() ?? throw new ProvenantFormatException(where, $"claim.{field}", "an array of hashed URIs", list.GetType().Name);
            refs.AddRange(array.Items.Select(i => HashedUri.FromCbor(i, $"{where} claim.{field}")));
        }
        return new ParsedManifest(box, label, store, claimBox.Label!, claimBytes, claim, sigContent.Payload.ToArray(), refs);
    }
}
