using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;

namespace Provenant.Training.Disputes;

/// <summary>
/// The referee of a training dispute (docs/disputes.md §Training disputes): bisection over the run's step leaves to
/// the first disputed step; both parties reveal their root of that step's operator trace; bisection over its
/// operators to the first divergent one; the claimant opens that operator's inputs (earlier operators' outputs of the
/// same step, or for the checkpoint operator the previous step's final checkpoint digest); the referee re-executes
/// that one operator (<see cref="StepTracer.Reexecute"/>) and rules. Same messages, signatures and forfeits as the
/// inference game; <see cref="Receive"/> never throws on hostile input.
/// </summary>
public sealed class TrainingReferee : IDisputeReferee
{
    private readonly TrainingClaim _claim = null!;
    private readonly StepTracer _tracer;
    private readonly ECDsa[] _keys;
    private readonly string[] _hints;
    private readonly TreeBisection _steps = null!;
    private TreeBisection? _ops;
    private readonly byte[]?[] _stepRoots = new byte[2][];
    private int _sequence;

    /// <summary>Starts refereeing <paramref name="claim"/> against <paramref name="challenge"/> (unsigned claims, identified by <see cref="TrainingClaim.DisputeId"/>) over the run <paramref name="tracer"/> replays.</summary>
    public TrainingReferee(TrainingClaim claim, ECDsa claimantKey, TrainingClaim challenge, ECDsa challengerKey, StepTracer tracer, byte[] configDigest)
        : this(claim ?? throw new ArgumentNullException(nameof(claim)), claimantKey, challenge ?? throw new ArgumentNullException(nameof(challenge)), challengerKey,
            tracer, configDigest, TrainingClaim.DisputeId(claim, challenge), null)
    {
    }

    private TrainingReferee(TrainingClaim? claim, ECDsa claimantKey, TrainingClaim? challenge, ECDsa challengerKey, StepTracer tracer, byte[] configDigest,
        byte[] disputeId, DisputeRuling? early)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(configDigest);
        _tracer = tracer;
        _keys = [claimantKey, challengerKey];
        _hints = [PublicKeyPem.Hint(claimantKey), PublicKeyPem.Hint(challengerKey)];
        DisputeId = disputeId;
        Claim = claim;
        Challenge = challenge;
        if (early is not null)
        {
            Ruling = early;
            return;
        }
        _claim = claim!;
        if (!claim!.SameRunAs(challenge!) || !claim.ConfigDigest.AsSpan().SequenceEqual(configDigest))
        {
            Ruling = new DisputeRuling(DisputeOutcome.NotComparable, "the claims name different runs or step counts, or not this configuration", null, 0);
        }
        else if (claim.Steps > tracer.TotalSteps || claim.Steps < 1 || claim.Steps > int.MaxValue)
        {
            Ruling = new DisputeRuling(DisputeOutcome.ChallengerWins, $"the claim has {claim.Steps} steps, the run has {tracer.TotalSteps}", null, 0);
        }
        else if (claim.RunRoot.AsSpan().SequenceEqual(challenge!.RunRoot))
        {
            Ruling = new DisputeRuling(DisputeOutcome.ClaimsAgree, "both claims commit to the same run root", null, 0);
        }
        else
        {
            _steps = new TreeBisection(0, (int)claim.Steps, claim.RunRoot, challenge.RunRoot);
            Expected = Next();
        }
    }

    /// <summary>
    /// Starts refereeing two signed claims (Sigstore bundles holding <see cref="TrainingClaim"/> statements, as
    /// <c>provenant claim-training</c> writes them): each must verify under its party's key first, or that party loses
    /// before any move. The dispute identifier is <see cref="DisputeSetup.IdOf"/> over the bundle bytes.
    /// </summary>
    /// <param name="claimBundle">The claimant's bundle bytes.</param>
    /// <param name="claimantKey">The claimant's public key.</param>
    /// <param name="challengeBundle">The challenger's bundle bytes.</param>
    /// <param name="challengerKey">The challenger's public key.</param>
    /// <param name="tracer">Replays the run both claims name.</param>
    /// <param name="configDigest">That run's configuration digest.</param>
    public static TrainingReferee FromSigned(byte[] claimBundle, ECDsa claimantKey, byte[] challengeBundle, ECDsa challengerKey, StepTracer tracer, byte[] configDigest)
    {
        var (claim, claimError) = DisputeSetup.OpenSigned(claimBundle, claimantKey, "claim", TrainingClaim.Parse);
        var (challenge, challengeError) = DisputeSetup.OpenSigned(challengeBundle, challengerKey, "challenge", TrainingClaim.Parse);
        var early = claim is null ? new DisputeRuling(DisputeOutcome.ChallengerWins, "the claim does not verify: " + claimError, null, 0)
            : challenge is null ? new DisputeRuling(DisputeOutcome.ClaimantWins, "the challenge does not verify: " + challengeError, null, 0)
            : null;
        return new TrainingReferee(claim, claimantKey, challenge, challengerKey, tracer, configDigest, DisputeSetup.IdOf(claimBundle, challengeBundle), early);
    }

    /// <summary>The claimant's claim (null when its signature did not verify).</summary>
    public TrainingClaim? Claim { get; }

    /// <summary>The challenger's claim (null when its signature did not verify).</summary>
    public TrainingClaim? Challenge { get; }

    /// <summary>The dispute identifier every message is bound to (32 bytes).</summary>
    public byte[] DisputeId { get; }

    /// <inheritdoc />
    public DisputeExpectation? Expected { get; private set; }

    /// <inheritdoc />
    public DisputeRuling? Ruling { get; private set; }

    /// <summary>The disputed step, once found.</summary>
    public long? DisputedStep => _steps is { Done: true } ? _steps.Start : null;

    /// <inheritdoc />
    public void Forfeit(DisputeRole role, string reason)
    {
        if (Expected is null || role != Expected.From) throw new InvalidOperationException("not this party's turn");
        Lose(role, $"the {DisputeMessage.RoleName(role)} did not answer the {Expected.Kind} move (message {Expected.Sequence}): {reason}");
    }

    /// <inheritdoc />
    public bool Receive(byte[] wire)
    {
        if (Expected is not { } e) return false;
        var who = e.From;
        var (m, failure) = DisputeMessages.Authenticate(wire, e, DisputeId, _keys[(int)who], _hints[(int)who]);
        if (m is null)
        {
            Lose(who, failure!);
            return true;
        }
        _sequence++;
        var source = $"message {e.Sequence}";
        try
        {
            string? lost = m.Kind switch
            {
                DisputeMessage.Bisect => (_ops ?? _steps).Take(who, m.Body, source),
                DisputeMessage.Step => TakeStepRoot(who, m.Body, source),
                _ => TakeNode(m.Body, source),
            };
            if (lost is not null) Lose(who, lost);
            else if (Ruling is null) Expected = Next();
        }
        catch (Exception ex) when (ex is ProvenantFormatException or InvalidOperationException)
        {
            Lose(who, $"the {DisputeMessage.RoleName(who)}'s {e.Kind} move (message {e.Sequence}) is malformed: {ex.Message}");
        }
        return true;
    }

    private DisputeExpectation Next()
    {
        if (!_steps.Done) return new(_steps.NextMover, DisputeMessage.Bisect, _sequence, _steps.Round, _steps.Start, _steps.Size);
        var step = (long)_steps.Start;
        if (_ops is null)
        {
            var who = _stepRoots[0] is null ? DisputeRole.Claimant : DisputeRole.Challenger;
            return new(who, DisputeMessage.Step, _sequence, _steps.Round, 0, _tracer.OperatorCount) { Step = step };
        }
        return _ops.Done
            ? new(DisputeRole.Claimant, DisputeMessage.Node, _sequence, _ops.Round, _ops.Start, 1) { Step = step }
            : new(_ops.NextMover, DisputeMessage.Bisect, _sequence, _ops.Round, _ops.Start, _ops.Size) { Step = step };
    }

    private string? TakeStepRoot(DisputeRole who, JsonObject body, string source)
    {
        DisputeJson(body, source, "root");
        var root = Hash(body["root"], source, "body.root");
        var leaf = who == DisputeRole.Claimant ? _steps.ClaimantHash : _steps.ChallengerHash;
        if (!TrainingOperator.StepLeafHash(_steps.Start, root).AsSpan().SequenceEqual(leaf))
        {
            return $"the {DisputeMessage.RoleName(who)}'s root of step {_steps.Start} does not hash to its step leaf";
        }
        _stepRoots[(int)who] = root;
        if (who == DisputeRole.Challenger) _ops = new TreeBisection(0, _tracer.OperatorCount, _stepRoots[0]!, root);
        return null;
    }

    private string? TakeNode(JsonObject body, string source)
    {
        DisputeJson(body, source, "op", "step", "previous", "inputs");
        var s = _steps.Start;
        var j = _ops!.Start;
        var m = _tracer.OperatorCount;
        if (Int(body["op"], source, "body.op") != j || Int(body["step"], source, "body.step") != s)
        {
            return $"the operator opening is not for operator {j} of step {s}";
        }
        var inputs = body["inputs"] as JsonArray ?? throw new ProvenantFormatException(source, "body.inputs", "an array");
        byte[] recomputed;
        if (j == 0)
        {
            byte[] digest;
            if (s == 0)
            {
                if (body["previous"] is not null) throw new ProvenantFormatException(source, "body.previous", "null for step 0");
                digest = SHA256.HashData(_tracer.Initial().ToBytes());
            }
            else
            {
                var p = body["previous"] as JsonObject ?? throw new ProvenantFormatException(source, "body.previous", "the previous step's final operator");
                DisputeJson(p, source, "stepRoot", "stepPath", "kind", "outputs", "opPath");
                var stepRoot = Hash(p["stepRoot"], source, "body.previous.stepRoot");
                var inRun = InclusionProof.Verify((ulong)(s - 1), (ulong)_claim.Steps, TrainingOperator.StepLeafHash(s - 1, stepRoot), Hashes(p["stepPath"], source), _claim.RunRoot);
                if (!inRun.IsValid) return $"step {s - 1}'s root is not in the claimant's run: {inRun.Reason}";
                var outputs = Hashes(p["outputs"], source);
                if (outputs.Count == 0) return "the previous step's final operator has no output";
                var leaf = TrainingOperator.LeafHashOf(s - 1, m - 1, Str(p["kind"], source), outputs);
                var inStep = InclusionProof.Verify((ulong)(m - 1), (ulong)m, leaf, Hashes(p["opPath"], source), stepRoot);
                if (!inStep.IsValid) return $"step {s - 1}'s final operator is not in its step root: {inStep.Reason}";
                digest = outputs[0];
            }
            recomputed = TrainingOperator.LeafHashOf(s, 0, "checkpoint", [digest]);
        }
        else
        {
            var need = _tracer.InputsOf(j);
            if (inputs.Count != need.Count) return $"operator {j} reads {need.Count} values, {inputs.Count} were opened";
            var values = new List<byte[]>();
            for (var i = 0; i < need.Count; i++)
            {
                var o = inputs[i] as JsonObject ?? throw new ProvenantFormatException(source, $"body.inputs[{i}]", "an object");
                DisputeJson(o, source, "op", "output", "kind", "outputs", "path", "data");
                var (k, output) = need[i];
                if (Int(o["op"], source, "op") != k || Int(o["output"], source, "output") != output) return $"input {i} of operator {j} is output {output} of operator {k}";
                var outs = Hashes(o["outputs"], source);
                var leaf = TrainingOperator.LeafHashOf(s, k, Str(o["kind"], source), outs);
                var inStep = InclusionProof.Verify((ulong)k, (ulong)m, leaf, Hashes(o["path"], source), _stepRoots[0]);
                if (!inStep.IsValid) return $"inconsistent opening of input {i} of operator {j}: operator {k} is not in the claimant's step: {inStep.Reason}";
                var data = Base64(o["data"], source);
                if (output >= outs.Count || !SHA256.HashData(data).AsSpan().SequenceEqual(outs[output])) return $"inconsistent opening of input {i} of operator {j}: the data do not hash to operator {k}'s output {output}";
                values.Add(data);
            }
            try
            {
                recomputed = _tracer.Reexecute(s, j, values);
            }
            catch (ProvenantException ex)
            {
                return $"operator {j} of step {s} cannot be executed on the opened inputs: {ex.Message}";
            }
        }
        if (recomputed.AsSpan().SequenceEqual(_ops.ClaimantHash)) Win(DisputeRole.Claimant, $"operator {j} of step {s} re-executed gives the claimant's leaf");
        else if (recomputed.AsSpan().SequenceEqual(_ops.ChallengerHash)) Win(DisputeRole.Challenger, $"operator {j} of step {s} re-executed gives the challenger's leaf, not the claimant's");
        else Win(DisputeRole.Challenger, $"operator {j} of step {s} re-executed matches neither party's leaf; the claim is refuted");
        return null;
    }

    private void Lose(DisputeRole who, string reason) => Win(who == DisputeRole.Claimant ? DisputeRole.Challenger : DisputeRole.Claimant, reason);

    private void Win(DisputeRole who, string reason)
    {
        var rounds = (_steps?.Round ?? 0) + (_ops?.Round ?? 0);
        Ruling = new DisputeRuling(who == DisputeRole.Claimant ? DisputeOutcome.ClaimantWins : DisputeOutcome.ChallengerWins, reason, _ops is { Done: true } ? _ops.Start : null, rounds);
        Expected = null;
    }

    private static void DisputeJson(JsonObject o, string source, params string[] names)
    {
        foreach (var (key, _) in o)
        {
            if (Array.IndexOf(names, key) < 0) throw new ProvenantFormatException(source, key, "no such field");
        }
        foreach (var n in names)
        {
            if (!o.ContainsKey(n)) throw new ProvenantFormatException(source, n, "a required field");
        }
    }

    private static string Str(JsonNode? n, string source) =>
        n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length <= 256 ? s : throw new ProvenantFormatException(source, "kind", "a string of at most 256 characters");

    private static long Int(JsonNode? n, string source, string field) =>
        n is JsonValue v && v.TryGetValue<long>(out var x) && x >= 0 ? x : throw new ProvenantFormatException(source, field, "a non-negative integer");

    private static byte[] Hash(JsonNode? n, string source, string field) =>
        n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 64 && Hex.TryDecode(s, out var b) && Hex.Encode(b) == s
            ? b : throw new ProvenantFormatException(source, field, "64 lower-case hex digits");

    private static IReadOnlyList<byte[]> Hashes(JsonNode? n, string source) =>
        n is JsonArray a && a.Count <= 64 ? a.Select(x => Hash(x, source, "hash list")).ToArray() : throw new ProvenantFormatException(source, "hash list", "an array of at most 64 hashes");

    private static byte[] Base64(JsonNode? n, string source)
    {
        if (n is not JsonValue v || !v.TryGetValue<string>(out var s)) throw new ProvenantFormatException(source, "data", "base64");
        try
        {
            var b = Convert.FromBase64String(s);
            return Convert.ToBase64String(b) == s ? b : throw new ProvenantFormatException(source, "data", "canonical base64");
        }
        catch (FormatException)
        {
            throw new ProvenantFormatException(source, "data", "base64");
        }
    }
}
