using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Signing.Keys;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// Everything a referee needs to re-decide a dispute, besides the model's structure: both signed claims, both
/// public keys, every signed message in order, and the ruling the runner reached. File form: canonical JSON
/// (RFC 8785) plus one newline,
/// <code>
/// {"_type":"https://provenant.dev/dispute-transcript/v1","challenge":BASE64(bundle),"challengerKey":PEM,
///  "claim":BASE64(bundle),"claimantKey":PEM,"messages":[SIGNED-MESSAGE,…],
///  "ruling":{"disputedNode":N|null,"outcome":"claimant-wins"|"challenger-wins"|"claims-agree"|"not-comparable","reason":S,"rounds":N}}
/// </code>
/// Messages are embedded as their wire JSON objects (canonical, so re-serialising gives the signed bytes back).
/// </summary>
/// <param name="ClaimBundle">The claimant's Sigstore bundle bytes.</param>
/// <param name="ClaimantKeyPem">The claimant's public key, SPKI PEM.</param>
/// <param name="ChallengeBundle">The challenger's bundle bytes.</param>
/// <param name="ChallengerKeyPem">The challenger's public key, SPKI PEM.</param>
/// <param name="Messages">Wire bytes of every message, in order.</param>
/// <param name="Ruling">The ruling recorded by whoever ran the game.</param>
public sealed record DisputeTranscript(byte[] ClaimBundle, string ClaimantKeyPem, byte[] ChallengeBundle, string ChallengerKeyPem,
    IReadOnlyList<byte[]> Messages, DisputeRuling Ruling)
{
    /// <summary>The file's <c>_type</c>.</summary>
    public const string Type = "https://provenant.dev/dispute-transcript/v1";

    /// <summary>Largest transcript file accepted (256 MiB).</summary>
    public const int MaxBytes = 256 << 20;

    /// <summary>Most messages accepted (the game needs 2 + 2 × 24 for 2^24 nodes).</summary>
    public const int MaxMessages = 256;

    /// <summary>Total wire bytes of the messages.</summary>
    public long MessageBytes => Messages.Sum(m => (long)m.Length);

    /// <summary>The file form.</summary>
    public byte[] ToBytes()
    {
        var messages = new JsonArray();
        foreach (var m in Messages) messages.Add(JsonNode.Parse(m));
        return [.. CanonicalJson.Canonicalize(new JsonObject
        {
            ["_type"] = Type,
            ["claim"] = Convert.ToBase64String(ClaimBundle),
            ["claimantKey"] = ClaimantKeyPem,
            ["challenge"] = Convert.ToBase64String(ChallengeBundle),
            ["challengerKey"] = ChallengerKeyPem,
            ["messages"] = messages,
            ["ruling"] = new JsonObject
            {
                ["outcome"] = OutcomeName(Ruling.Outcome),
                ["reason"] = Ruling.Reason,
                ["disputedNode"] = Ruling.DisputedNode,
                ["rounds"] = Ruling.BisectionRounds,
            },
        }), (byte)'\n'];
    }

    /// <summary>Parses the file form strictly.</summary>
    /// <exception cref="ProvenantFormatException">Anything but the form above.</exception>
    public static DisputeTranscript Parse(ReadOnlySpan<byte> bytes, string source)
    {
        var o = CanonicalJson.ParseFileObject(bytes, source, MaxBytes, "provenant dispute --transcript");
        DisputeJson.AllowOnly(o, source, "", "_type", "claim", "claimantKey", "challenge", "challengerKey", "messages", "ruling");
        if (DisputeJson.String(o["_type"], source, "_type", 200) != Type) throw new ProvenantFormatException(source, "_type", Type);
        var arr = DisputeJson.Array(o, "messages", source, "", MaxMessages);
        var messages = new List<byte[]>(arr.Count);
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not JsonObject m) throw new ProvenantFormatException(source, $"messages[{i}]", "a signed message object", DisputeJson.Kind(arr[i]));
            messages.Add(CanonicalJson.Canonicalize(m));
        }
        var r = DisputeJson.Object(o, "ruling", source, "");
        DisputeJson.AllowOnly(r, source, "ruling.", "outcome", "reason", "disputedNode", "rounds");
        var outcome = DisputeJson.String(r["outcome"], source, "ruling.outcome", 32);
        var parsed = Enum.GetValues<DisputeOutcome>().Where(x => OutcomeName(x) == outcome).Cast<DisputeOutcome?>().FirstOrDefault()
            ?? throw new ProvenantFormatException(source, "ruling.outcome", "claimant-wins, challenger-wins, claims-agree or not-comparable", outcome);
        int? node = r["disputedNode"] is null ? null : (int)DisputeJson.Integer(r["disputedNode"], source, "ruling.disputedNode", int.MaxValue);
        var ruling = new DisputeRuling(parsed, DisputeJson.String(r["reason"], source, "ruling.reason", 1 << 16), node,
            (int)DisputeJson.Integer(r["rounds"], source, "ruling.rounds", 64));
        return new DisputeTranscript(
            DisputeJson.Base64(o["claim"], source, "claim", 16 << 20), DisputeJson.String(o["claimantKey"], source, "claimantKey", 4096),
            DisputeJson.Base64(o["challenge"], source, "challenge", 16 << 20), DisputeJson.String(o["challengerKey"], source, "challengerKey", 4096),
            messages, ruling);
    }

    /// <summary>
    /// Re-decides the dispute as a referee holding <paramref name="skeleton"/>: authenticates the claims, feeds every
    /// message to a fresh <see cref="DisputeReferee"/>, and treats a transcript that ends while a move is awaited as
    /// that party's failure to answer. Never throws on a hostile transcript except for the keys and the model.
    /// </summary>
    /// <returns>The referee after the replay, and whether the transcript is consistent: no message after the ruling,
    /// and the recorded ruling's outcome, disputed node and rounds equal to the replayed ones (reasons may differ: a live
    /// runner says why a party did not answer, a replay only that the transcript ends).</returns>
    /// <exception cref="ProvenantException">A public key is not a valid EC SPKI PEM, or the skeleton is not the claimed model.</exception>
    public (DisputeReferee Referee, VerificationResult Consistency) Replay(ModelSkeleton skeleton)
    {
        using var claimantKey = EcKeys.FromSpkiPem(ClaimantKeyPem, "transcript claimantKey");
        using var challengerKey = EcKeys.FromSpkiPem(ChallengerKeyPem, "transcript challengerKey");
        var referee = new DisputeReferee(DisputeSetup.Create(ClaimBundle, claimantKey, ChallengeBundle, challengerKey), skeleton);
        var used = 0;
        foreach (var m in Messages)
        {
            if (!referee.Receive(m)) break;
            used++;
        }
        if (referee.Expected is { } e) referee.Forfeit(e.From, "the transcript ends here");
        var ruling = referee.Ruling!;
        if (used < Messages.Count) return (referee, VerificationResult.Rejected($"{Messages.Count - used} message(s) follow the ruling"));
        return ruling.Outcome == Ruling.Outcome && ruling.DisputedNode == Ruling.DisputedNode && ruling.BisectionRounds == Ruling.BisectionRounds
            ? (referee, VerificationResult.Valid("the recorded ruling is the referee's"))
            : (referee, VerificationResult.Rejected($"the transcript records \"{Ruling}\", the referee rules \"{ruling}\""));
    }

    /// <summary><c>claimant-wins</c>, <c>challenger-wins</c>, <c>claims-agree</c>, <c>not-comparable</c>.</summary>
    public static string OutcomeName(DisputeOutcome outcome) => outcome switch
    {
        DisputeOutcome.ClaimantWins => "claimant-wins",
        DisputeOutcome.ChallengerWins => "challenger-wins",
        DisputeOutcome.ClaimsAgree => "claims-agree",
        _ => "not-comparable",
    };

    /// <summary>PEM text of a public key.</summary>
    public static string Pem(System.Security.Cryptography.ECDsa key) => PublicKeyPem.Encode(key);
}
