using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Signing.Keys;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// Everything a referee needs to re-decide a dispute, besides the model's structure (inference) or the run's
/// configuration and data (training): both signed claims, both public keys, every signed message in order, and the
/// ruling the runner reached. File form: canonical JSON (RFC 8785) plus one newline,
/// <code>
/// {"_type":"https://provenant.dev/dispute-transcript/v1","challenge":BASE64(bundle),"challengerKey":PEM,
///  "claim":BASE64(bundle),"claimantKey":PEM,"messages":[SIGNED-MESSAGE,…],
///  "ruling":{"disputedNode":N|null,"outcome":"claimant-wins"|"challenger-wins"|"claims-agree"|"not-comparable","reason":S,"rounds":N}}
/// </code>
/// A training dispute's transcript has <c>_type</c> <c>https://provenant.dev/training-dispute-transcript/v1</c> and
/// its ruling also names the disputed step (<c>"disputedStep":N|null</c>; <c>disputedNode</c> is then the operator).
/// Messages are embedded as their wire JSON objects (canonical, so re-serialising gives the signed bytes back).
/// </summary>
/// <param name="ClaimBundle">The claimant's Sigstore bundle bytes.</param>
/// <param name="ClaimantKeyPem">The claimant's public key, SPKI PEM.</param>
/// <param name="ChallengeBundle">The challenger's bundle bytes.</param>
/// <param name="ChallengerKeyPem">The challenger's public key, SPKI PEM.</param>
/// <param name="Messages">Wire bytes of every message, in order.</param>
/// <param name="Ruling">The ruling recorded by whoever ran the game.</param>
/// <param name="IsTraining">Whether this is a training dispute (claims are training claims; the ruling names a step).</param>
/// <param name="DisputedStep">Training: the disputed step the runner found, or null.</param>
public sealed record DisputeTranscript(byte[] ClaimBundle, string ClaimantKeyPem, byte[] ChallengeBundle, string ChallengerKeyPem,
    IReadOnlyList<byte[]> Messages, DisputeRuling Ruling, bool IsTraining = false, long? DisputedStep = null)
{
    /// <summary>The file's <c>_type</c> for an inference dispute.</summary>
    public const string Type = "https://provenant.dev/dispute-transcript/v1";

    /// <summary>The file's <c>_type</c> for a training dispute.</summary>
    public const string TrainingType = "https://provenant.dev/training-dispute-transcript/v1";

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
        var ruling = new JsonObject
        {
            ["outcome"] = OutcomeName(Ruling.Outcome),
            ["reason"] = Ruling.Reason,
            ["disputedNode"] = Ruling.DisputedNode,
            ["rounds"] = Ruling.BisectionRounds,
        };
        if (IsTraining) ruling["disputedStep"] = DisputedStep;
        return [.. CanonicalJson.Canonicalize(new JsonObject
        {
            ["_type"] = IsTraining ? TrainingType : Type,
            ["claim"] = Convert.ToBase64String(ClaimBundle),
            ["claimantKey"] = ClaimantKeyPem,
            ["challenge"] = Convert.ToBase64String(ChallengeBundle),
            ["challengerKey"] = ChallengerKeyPem,
            ["messages"] = messages,
            ["ruling"] = ruling,
        }), (byte)'\n'];
    }

    /// <summary>Parses the file form strictly.</summary>
    /// <exception cref="ProvenantFormatException">Anything but the form above.</exception>
    public static DisputeTranscript Parse(ReadOnlySpan<byte> bytes, string source)
    {
        var o = CanonicalJson.ParseFileObject(bytes, source, MaxBytes, "provenant dispute --transcript");
        DisputeJson.AllowOnly(o, source, "", "_type", "claim", "claimantKey", "challenge", "challengerKey", "messages", "ruling");
        var type = DisputeJson.String(o["_type"], source, "_type", 200);
        if (type != Type && type != TrainingType) throw new ProvenantFormatException(source, "_type", $"{Type} or {TrainingType}", type);
        var training = type == TrainingType;
        var arr = DisputeJson.Array(o, "messages", source, "", MaxMessages);
        var messages = new List<byte[]>(arr.Count);
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not JsonObject m) throw new ProvenantFormatException(source, $"messages[{i}]", "a signed message object", DisputeJson.Kind(arr[i]));
            messages.Add(CanonicalJson.Canonicalize(m));
        }
        var r = DisputeJson.Object(o, "ruling", source, "");
        if (training)
        {
            DisputeJson.AllowOnly(r, source, "ruling.", "outcome", "reason", "disputedNode", "rounds", "disputedStep");
            if (!r.ContainsKey("disputedStep")) throw new ProvenantFormatException(source, "ruling.disputedStep", "the disputed step or null");
        }
        else
        {
            DisputeJson.AllowOnly(r, source, "ruling.", "outcome", "reason", "disputedNode", "rounds");
        }
        long? step = r["disputedStep"] is null ? null : DisputeJson.Integer(r["disputedStep"], source, "ruling.disputedStep", long.MaxValue);
        var outcome = DisputeJson.String(r["outcome"], source, "ruling.outcome", 32);
        var parsed = Enum.GetValues<DisputeOutcome>().Where(x => OutcomeName(x) == outcome).Cast<DisputeOutcome?>().FirstOrDefault()
            ?? throw new ProvenantFormatException(source, "ruling.outcome", "claimant-wins, challenger-wins, claims-agree or not-comparable", outcome);
        int? node = r["disputedNode"] is null ? null : (int)DisputeJson.Integer(r["disputedNode"], source, "ruling.disputedNode", int.MaxValue);
        var ruling = new DisputeRuling(parsed, DisputeJson.String(r["reason"], source, "ruling.reason", 1 << 16), node,
            (int)DisputeJson.Integer(r["rounds"], source, "ruling.rounds", 64));
        return new DisputeTranscript(
            DisputeJson.Base64(o["claim"], source, "claim", 16 << 20), DisputeJson.String(o["claimantKey"], source, "claimantKey", 4096),
            DisputeJson.Base64(o["challenge"], source, "challenge", 16 << 20), DisputeJson.String(o["challengerKey"], source, "challengerKey", 4096),
            messages, ruling, training, step);
    }

    /// <summary>
    /// Re-decides the dispute as a referee holding <paramref name="skeleton"/>: authenticates the claims, feeds every
    /// message to a fresh <see cref="DisputeReferee"/>, and treats a transcript that ends while a move is awaited as
    /// that party's failure to answer. Never throws on a hostile transcript except for the keys and the model.
    /// </summary>
    /// <returns>The referee after the replay, and whether the transcript is consistent: no message after the ruling,
    /// and the recorded ruling's outcome, disputed node and rounds equal to the replayed ones (reasons may differ: a live
    /// runner says why a party did not answer, a replay only that the transcript ends).</returns>
    /// <exception cref="ProvenantException">A public key is not a valid EC SPKI PEM, the skeleton is not the claimed model,
    /// or this is a training dispute's transcript (replayed by <c>Provenant.Training.Disputes.TrainingTranscript</c>).</exception>
    public (DisputeReferee Referee, VerificationResult Consistency) Replay(ModelSkeleton skeleton)
    {
        if (IsTraining) throw new ProvenantException("this is a training dispute's transcript: replay it against the training run (its log and dataset), not a model", ExitCodes.Usage);
        using var claimantKey = EcKeys.FromSpkiPem(ClaimantKeyPem, "transcript claimantKey");
        using var challengerKey = EcKeys.FromSpkiPem(ChallengerKeyPem, "transcript challengerKey");
        var referee = new DisputeReferee(DisputeSetup.Create(ClaimBundle, claimantKey, ChallengeBundle, challengerKey), skeleton);
        return (referee, ReplayOn(referee, () => null));
    }

    /// <summary>
    /// Feeds every message to a fresh <paramref name="referee"/> (built over this transcript's claims and keys), treats
    /// a transcript that ends while a move is awaited as that party's failure to answer, and compares the ruling
    /// (outcome, disputed node, rounds and, for training, <paramref name="disputedStep"/>) with the recorded one.
    /// </summary>
    /// <param name="referee">A referee that has received no message yet.</param>
    /// <param name="disputedStep">The step the referee found, read after the replay (training), or null.</param>
    /// <returns>Valid when no message follows the ruling and the recorded ruling is the referee's.</returns>
    public VerificationResult ReplayOn(IDisputeReferee referee, Func<long?> disputedStep)
    {
        ArgumentNullException.ThrowIfNull(referee);
        ArgumentNullException.ThrowIfNull(disputedStep);
        var used = 0;
        foreach (var m in Messages)
        {
            if (!referee.Receive(m)) break;
            used++;
        }
        if (referee.Expected is { } e) referee.Forfeit(e.From, "the transcript ends here");
        var ruling = referee.Ruling!;
        if (used < Messages.Count) return VerificationResult.Rejected($"{Messages.Count - used} message(s) follow the ruling");
        var step = disputedStep();
        if (step != DisputedStep) return VerificationResult.Rejected($"the transcript records disputed step {DisputedStep?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, the referee finds {step?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        return ruling.Outcome == Ruling.Outcome && ruling.DisputedNode == Ruling.DisputedNode && ruling.BisectionRounds == Ruling.BisectionRounds
            ? VerificationResult.Valid("the recorded ruling is the referee's")
            : VerificationResult.Rejected($"the transcript records \"{Ruling}\", the referee rules \"{ruling}\"");
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
