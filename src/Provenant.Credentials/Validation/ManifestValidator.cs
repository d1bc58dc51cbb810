using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenant.Core.Errors;
using Provenant.Credentials.Cose;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Validation;

/// <summary>
/// Validates one manifest (C2PA 2.x §15.7–15.10): the claim signature over the stored claim bytes with the x5chain
/// signer; the signing credential; every hashed URI of the claim against its assertion box; and, for the active
/// manifest, the <c>c2pa.hash.data</c> hard binding against the asset. Never throws on hostile input.
/// </summary>
public static class ManifestValidator
{
    /// <summary>Validates <paramref name="manifest"/>.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="isActive">True for the active manifest (its hard binding is checked against <paramref name="asset"/>).</param>
    /// <param name="asset">The asset bytes the active manifest binds to.</param>
    /// <param name="options">Trust anchors, time and artifacts.</param>
    /// <param name="source">Name for messages.</param>
    public static ManifestReport Validate(ParsedManifest manifest, bool isActive, ReadOnlySpan<byte> asset, VerifyOptions options, string source) =>
        Validate(manifest, isActive, asset, options, source, null);

    /// <summary>As the public overload, taking the data hash from <paramref name="dataHash"/> when it was computed
    /// behind the reader over exactly the manifest's exclusions.</summary>
    internal static ManifestReport Validate(ParsedManifest manifest, bool isActive, ReadOnlySpan<byte> asset, VerifyOptions options, string source, ReadBehindDataHash? dataHash)
    {
        var checks = new List<StatusCheck>();
        var sigUrl = $"self#jumbf=/c2pa/{manifest.Label}/{C2paLabels.Signature}";
        string? signer = null, algorithm = null;
        try
        {
            var cose = CoseSign1.Decode(manifest.SignatureBytes, $"{source} {C2paLabels.Signature}");
            algorithm = cose.AlgorithmId is { } id && CoseAlgorithms.IsKnown(id) ? ((CoseAlgorithm)(int)id).ToString() : cose.AlgorithmId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var chain = cose.X5Chain(source);
            if (chain.Count == 0)
            {
                checks.Add(new StatusCheck(StatusCodes.ClaimSignatureMismatch, false, "no x5chain: cannot identify the signer", sigUrl));
            }
            else
            {
                using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
                signer = leaf.Subject;
                var result = CoseVerifier.Verify(cose, manifest.ClaimBytes, leaf);
                checks.Add(new StatusCheck(result.IsValid ? StatusCodes.ClaimSignatureValidated : result.Reason.StartsWith("algorithm.unsupported", StringComparison.Ordinal) ? StatusCodes.AlgorithmUnsupported : StatusCodes.ClaimSignatureMismatch,
                    result.IsValid, result.Reason, sigUrl));
                var timestamp = SignatureTimestamp.Evaluate(cose, manifest.ClaimBytes, out var signedAt);
                if (timestamp is not null) checks.Add(timestamp with { Url = sigUrl });
                var check = SigningCredentialValidator.Validate(chain, options.TrustAnchors, options.ValidationTime ?? signedAt ?? DateTimeOffset.UtcNow);
                checks.Add(check with { Url = sigUrl });
            }
        }
        catch (Exception e) when (e is ProvenantFormatException or CryptographicException)
        {
            checks.Add(new StatusCheck(StatusCodes.ClaimSignatureMismatch, false, $"malformed claim signature: {e.Message.Split('\n')[0]}", sigUrl));
        }

        foreach (var reference in manifest.AssertionReferences) checks.Add(CheckHashedUri(manifest, reference));

        ProvenanceAssertion? provenance = null;
        try
        {
            if (isActive) checks.Add(CheckDataHash(manifest, asset, source, dataHash));
            if (manifest.AssertionCbor(C2paLabels.Provenance, source) is { } node)
            {
                provenance = ProvenanceAssertion.FromCbor(node, source);
                checks.AddRange(ArtifactChecks.Compare(provenance, options));
            }
        }
        catch (ProvenantFormatException e)
        {
            checks.Add(new StatusCheck(StatusCodes.ProvenanceMalformed, false, e.Message));
        }

        var generator = manifest.Claim.Get("claim_generator_info") switch
        {
            Cbor.CborMap m => Describe(m),
            Cbor.CborArray { Count: > 0 } a when a[0] is Cbor.CborMap m => Describe(m),
            _ => manifest.Claim.Get("claim_generator")?.AsText(),
        };
        var labels = manifest.AssertionReferences.Select(r => r.Url[(r.Url.LastIndexOf('/') + 1)..]).ToList();
        return new ManifestReport(manifest.Label, isActive, manifest.ClaimVersion, manifest.Claim.Get("dc:title")?.AsText(), generator, signer, algorithm, labels, provenance, checks);
    }

    private static string Describe(Cbor.CborMap m) => $"{m.Get("name")?.AsText()} {m.Get("version")?.AsText()}".Trim();

    private static StatusCheck CheckHashedUri(ParsedManifest manifest, HashedUri reference)
    {
        var box = manifest.ResolveAssertion(reference.Url);
        if (box is null) return new StatusCheck(StatusCodes.AssertionMissing, false, $"{reference.Url} is not in the assertion store", reference.Url);
        var alg = reference.Alg ?? manifest.ClaimAlg ?? "sha256";
        var actual = C2paHash.Compute(alg, box.Payload.Span);
        if (actual is null) return new StatusCheck(StatusCodes.AlgorithmUnsupported, false, $"hash algorithm '{alg}' of {reference.Url}", reference.Url);
        return CryptographicOperations.FixedTimeEquals(actual, reference.Hash)
            ? new StatusCheck(StatusCodes.HashedUriMatch, true, $"hashed uri matched: {reference.Url}", reference.Url)
            : new StatusCheck(StatusCodes.HashedUriMismatch, false, $"hash of {reference.Url} is {Convert.ToHexStringLower(actual)}, the claim says {Convert.ToHexStringLower(reference.Hash)}", reference.Url);
    }

    private static StatusCheck CheckDataHash(ParsedManifest manifest, ReadOnlySpan<byte> asset, string source, ReadBehindDataHash? dataHash)
    {
        var reference = manifest.AssertionReferences.FirstOrDefault(r => IsDataHash(r.Url));
        if (reference is null) return new StatusCheck(StatusCodes.HardBindingMissing, false, "the claim references no c2pa.hash.data assertion");
        var label = reference.Url[(reference.Url.LastIndexOf('/') + 1)..];
        var node = manifest.AssertionCbor(label, source);
        if (node is null) return new StatusCheck(StatusCodes.DataHashMalformed, false, $"{label} is missing or not CBOR", reference.Url);
        var binding = DataHashAssertion.FromCbor(node, source);
        var alg = binding.Alg ?? manifest.ClaimAlg ?? "sha256";
        string? problem = null;
        var actual = dataHash?.DigestFor(binding.Exclusions, alg) ?? DataHashCalculator.Compute(asset, binding.Exclusions, alg, out problem);
        if (actual is null) return new StatusCheck(StatusCodes.DataHashMalformed, false, problem!, reference.Url);
        return CryptographicOperations.FixedTimeEquals(actual, binding.Hash)
            ? new StatusCheck(StatusCodes.DataHashMatch, true, $"data hash matched over {asset.Length} bytes less {binding.Exclusions.Count} exclusion(s)", reference.Url)
            : new StatusCheck(StatusCodes.DataHashMismatch, false, $"asset hash {Convert.ToHexStringLower(actual)} differs from the signed {Convert.ToHexStringLower(binding.Hash)}: the asset changed after signing", reference.Url);
    }

    private static bool IsDataHash(string url)
    {
        var label = url[(url.LastIndexOf('/') + 1)..];
        return label == C2paLabels.DataHash || label.StartsWith(C2paLabels.DataHash + "__", StringComparison.Ordinal);
    }
}
