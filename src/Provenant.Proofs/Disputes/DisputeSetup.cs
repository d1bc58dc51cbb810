using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The two signed claims and the parties' public keys, authenticated (signature first, then parsing), and the
/// dispute identifier every message is bound to:
/// <c>SHA-256("provenant-dispute-v1" ‖ u32le(len) ‖ claim bundle bytes ‖ u32le(len) ‖ challenge bundle bytes)</c>.
/// A claim whose signature or statement does not verify loses before any message (<see cref="Ruling"/>); claims
/// about different computations are <see cref="DisputeOutcome.NotComparable"/>; equal trace roots and outputs
/// <see cref="DisputeOutcome.ClaimsAgree"/>.
/// </summary>
public sealed class DisputeSetup
{
    /// <summary>Domain separation tag of <see cref="DisputeId"/>.</summary>
    public const string Tag = "provenant-dispute-v1";

    private DisputeSetup(byte[] claimBundle, ECDsa claimantKey, byte[] challengeBundle, ECDsa challengerKey)
    {
        ClaimBundle = claimBundle;
        ChallengeBundle = challengeBundle;
        ClaimantKey = claimantKey;
        ChallengerKey = challengerKey;
        ClaimantHint = PublicKeyPem.Hint(claimantKey);
        ChallengerHint = PublicKeyPem.Hint(challengerKey);
        DisputeId = IdOf(claimBundle, challengeBundle);
    }

    /// <summary>The dispute identifier over two claims' bytes (see the type remarks), claimant's first; 32 bytes.</summary>
    public static byte[] IdOf(byte[] claimBytes, byte[] challengeBytes)
    {
        ArgumentNullException.ThrowIfNull(claimBytes);
        ArgumentNullException.ThrowIfNull(challengeBytes);
        var id = new List<byte>(Encoding.ASCII.GetBytes(Tag));
        foreach (var b in new[] { claimBytes, challengeBytes })
        {
            var len = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)b.Length);
            id.AddRange(len);
            id.AddRange(b);
        }
        return SHA256.HashData(id.ToArray());
    }

    /// <summary>Authenticates both claims and decides whether there is anything to dispute.</summary>
    /// <param name="claimBundle">The claimant's Sigstore bundle (DSSE, key mode) holding an <see cref="InferenceClaim"/>.</param>
    /// <param name="claimantKey">The claimant's public key.</param>
    /// <param name="challengeBundle">The challenger's bundle with its own claim on the same model and input.</param>
    /// <param name="challengerKey">The challenger's public key.</param>
    public static DisputeSetup Create(byte[] claimBundle, ECDsa claimantKey, byte[] challengeBundle, ECDsa challengerKey)
    {
        ArgumentNullException.ThrowIfNull(claimBundle);
        ArgumentNullException.ThrowIfNull(challengeBundle);
        ArgumentNullException.ThrowIfNull(claimantKey);
        ArgumentNullException.ThrowIfNull(challengerKey);
        var s = new DisputeSetup(claimBundle, claimantKey, challengeBundle, challengerKey);
        var (claim, claimError) = OpenSigned(claimBundle, claimantKey, "claim", InferenceClaim.Parse);
        var (challenge, challengeError) = OpenSigned(challengeBundle, challengerKey, "challenge", InferenceClaim.Parse);
        s.Claim = claim;
        s.Challenge = challenge;
        if (claim is null)
        {
            s.Ruling = new DisputeRuling(DisputeOutcome.ChallengerWins, "the claim does not verify: " + claimError, null, 0);
        }
        else if (challenge is null)
        {
            s.Ruling = new DisputeRuling(DisputeOutcome.ClaimantWins, "the challenge does not verify: " + challengeError, null, 0);
        }
        else if (!claim.SameComputationAs(challenge))
        {
            s.Ruling = new DisputeRuling(DisputeOutcome.NotComparable, "the claims name different models, inputs, trace lengths or trace formats (in format 3: segment sizes or chunk exponents)", null, 0);
        }
        else if (claim.TraceRoot.AsSpan().SequenceEqual(challenge.TraceRoot) && claim.OutputDigest.AsSpan().SequenceEqual(challenge.OutputDigest))
        {
            s.Ruling = new DisputeRuling(DisputeOutcome.ClaimsAgree, "both claims commit to the same trace root and output", null, 0);
        }
        return s;
    }

    /// <summary>The claimant's bundle bytes.</summary>
    public byte[] ClaimBundle { get; }

    /// <summary>The challenger's bundle bytes.</summary>
    public byte[] ChallengeBundle { get; }

    /// <summary>The claimant's public key.</summary>
    public ECDsa ClaimantKey { get; }

    /// <summary>The challenger's public key.</summary>
    public ECDsa ChallengerKey { get; }

    /// <summary>Key hint (hex SHA-256 of the SPKI PEM) of <see cref="ClaimantKey"/>.</summary>
    public string ClaimantHint { get; }

    /// <summary>Key hint of <see cref="ChallengerKey"/>.</summary>
    public string ChallengerHint { get; }

    /// <summary>The authenticated claim, or null when it did not verify.</summary>
    public InferenceClaim? Claim { get; private set; }

    /// <summary>The authenticated challenge claim, or null when it did not verify.</summary>
    public InferenceClaim? Challenge { get; private set; }

    /// <summary>The 32-byte dispute identifier.</summary>
    public byte[] DisputeId { get; }

    /// <summary>A decision reached without any message, or null when the game must be played.</summary>
    public DisputeRuling? Ruling { get; private set; }

    /// <summary>The public key of <paramref name="role"/>.</summary>
    public ECDsa Key(DisputeRole role) => role == DisputeRole.Claimant ? ClaimantKey : ChallengerKey;

    /// <summary>The key hint of <paramref name="role"/>.</summary>
    public string Hint(DisputeRole role) => role == DisputeRole.Claimant ? ClaimantHint : ChallengerHint;

    /// <summary>The claim of <paramref name="role"/> (null when it did not verify).</summary>
    public InferenceClaim? ClaimOf(DisputeRole role) => role == DisputeRole.Claimant ? Claim : Challenge;

    /// <summary>
    /// A signed claim's statement, authenticated: the Sigstore bundle (DSSE, key mode) must verify under
    /// <paramref name="key"/> before its payload is parsed. Never throws on hostile bytes.
    /// </summary>
    /// <param name="bundleBytes">The bundle file's bytes.</param>
    /// <param name="key">The signer's public key.</param>
    /// <param name="what">Names the claim in messages.</param>
    /// <param name="parse">The statement parser (e.g. <see cref="InferenceClaim.Parse"/>); it throws <see cref="ProvenantFormatException"/> on a bad statement.</param>
    /// <returns>The claim, or null and the reason it was refused.</returns>
    public static (T? Claim, string Error) OpenSigned<T>(byte[] bundleBytes, ECDsa key, string what, ParseStatement<T> parse) where T : class
    {
        ArgumentNullException.ThrowIfNull(bundleBytes);
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            var bundle = SigstoreBundle.Parse(bundleBytes, what);
            var v = BundleVerifier.Verify(bundle, new TrustMaterial { PublicKey = key, AcceptKeylessUnverifiedIdentity = false });
            if (!v.Result.IsValid) return (null, v.Result.Reason);
            return (parse(v.Envelope!.Payload, what), "");
        }
        catch (ProvenantException e)
        {
            return (null, e.Message);
        }
        catch (InvalidOperationException e)
        {
            // SigstoreBundle.Parse (JsonCursor.String) lets System.Text.Json's error for invalid UTF-8 inside a string escape.
            return (null, $"{what}: not valid UTF-8 JSON: {e.Message}");
        }
    }
}
