using System.Diagnostics;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The referee of an inference dispute (docs/disputes.md §Rules): a deterministic state machine fed one signed
/// message at a time, live or from a transcript. It tells who must move next (<see cref="Expected"/>), checks each
/// move's signature, binding, shape and consistency with that party's earlier commitments, and rules:
/// <list type="number">
/// <item>outputs — when the output digests differ, the claimant opens every graph output against its trace root;
///   they must hash to its claimed output digest;</item>
/// <item>bisection — while the trace roots differ, each party reveals the two children of the disputed subtree of
///   the RFC 9162 tree, which must hash to the subtree hash it committed to; the game descends into the leftmost
///   child where they differ, so after ⌈log2 n⌉ rounds at most it holds the first divergent leaf;</item>
/// <item>node — the claimant opens every input of that node (earlier agreed activations, committed weights, graph
///   inputs); the referee re-executes the node alone on the integer engine and compares the recomputed leaf with
///   both parties' leaves.</item>
/// </list>
/// In trace format 3 (segmented) the bisection runs first over the segment leaves to the first divergent segment
/// j; then (if j holds more than one node) each party reveals its root over j's per-node leaves with its first move
/// in that tree (<see cref="DisputeMessage.Segment"/>) and the bisection goes on in it to the first divergent node;
/// when the two segment roots are equal the claimant opens j's exports under that root
/// (<see cref="DisputeMessage.Exports"/>) and the party whose segment leaf is not their hash loses. A one-node
/// segment is ruled by re-executing its node and hashing its exports: the party whose segment leaf differs loses
/// (docs/disputes.md §Format 3).
/// A party loses if its message is malformed, badly signed, out of turn, inconsistent with its commitments, or
/// missing (<see cref="Forfeit"/>, or a transcript that ends while waiting for it). <see cref="Receive"/> never
/// throws on hostile input.
/// </summary>
public sealed class DisputeReferee : IDisputeReferee
{
    private readonly DisputeSetup _setup;
    private readonly ModelSkeleton _skeleton;
    private readonly InferenceClaim _claim = null!;
    private readonly InferenceClaim _challenge = null!;
    private int _sequence;
    private TreeBisection _tree = null!;
    private readonly Inference.Tracing.TraceSegments? _segments;
    private TreeBisection? _fine;

    // Format 3: h, the claims' chunk exponent (0: one version-2 leaf per node in the fine trees).
    private readonly int _chunkBits;

    // The tree bisected now: a format-3 segment's node tree once it is open, else the trace (or segment-leaf) tree.
    private TreeBisection Tree => _fine ?? _tree;

    // Format 3: the disputed segment once the segment bisection found it.
    private int? Segment => _segments is not null && _tree.Done ? _tree.Start : null;

    // The disputed leaves: node ids inside a format-3 segment once it is found, else the current tree's range.
    private (int Start, int Size) Range => _fine is not null ? (_fine.Start, _fine.Size)
        : Segment is { } j ? (_segments!.Start(j), _segments.Size(j))
        : (_tree.Start, _tree.Size);

    /// <summary>Starts refereeing the dispute <paramref name="setup"/> over the model whose structure is <paramref name="skeleton"/>.</summary>
    /// <exception cref="ProvenantException">The skeleton is not the model the claims name (its digest differs from the claims' graph digest).</exception>
    public DisputeReferee(DisputeSetup setup, ModelSkeleton skeleton)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(skeleton);
        _setup = setup;
        _skeleton = skeleton;
        _link = DisputeMessage.LinkAfter(setup.DisputeId);
        if (setup.Ruling is { } early)
        {
            Ruling = early;
            return;
        }
        _claim = setup.Claim!;
        _challenge = setup.Challenge!;
        if (!_claim.GraphDigest.AsSpan().SequenceEqual(skeleton.Digest))
        {
            throw new ProvenantException($"the referee's model (graph digest {Hex.Encode(skeleton.Digest)}) is not the claimed model (graph digest {Hex.Encode(_claim.GraphDigest)})", ExitCodes.InputError);
        }
        if (_claim.TraceLength != skeleton.Nodes.Count)
        {
            Ruling = new DisputeRuling(DisputeOutcome.ChallengerWins, $"the claim's trace has {_claim.TraceLength} leaves, the model has {skeleton.Nodes.Count} nodes", null, 0);
            return;
        }
        _chunkBits = _claim.ChunkBits;
        if (_claim.IsSegmented)
        {
            _segments = Inference.Tracing.TraceSegments.Create(skeleton.Nodes.Select(x => x.Inputs).ToArray(), skeleton.Nodes.Select(x => x.Outputs).ToArray(),
                skeleton.OutputNames, _claim.SegmentBits);
        }
        _tree = new TreeBisection(0, _segments?.Count ?? _claim.TraceLength, _claim.TraceRoot, _challenge.TraceRoot);
        Expected = !_claim.OutputDigest.AsSpan().SequenceEqual(_challenge.OutputDigest)
            ? Expect(DisputeRole.Claimant, DisputeMessage.Outputs)
            : StartBisection();
    }

    /// <summary>The move awaited, or null once ruled.</summary>
    public DisputeExpectation? Expected { get; private set; }

    /// <summary>The ruling, or null while the game goes on.</summary>
    public DisputeRuling? Ruling { get; private set; }

    /// <summary>Messages accepted so far.</summary>
    public int MessageCount => _sequence;

    /// <summary>Wire bytes received per party.</summary>
    public long BytesFrom(DisputeRole role) => role == DisputeRole.Claimant ? _bytes[0] : _bytes[1];

    private readonly long[] _bytes = new long[2];

    /// <summary>Time spent re-executing the disputed node (the referee's computation).</summary>
    public TimeSpan ReexecutionTime { get; private set; }

    /// <summary>Time spent in <see cref="Receive"/> altogether (signatures, openings, re-execution).</summary>
    public TimeSpan CheckingTime { get; private set; }

    /// <summary>Message signatures verified so far: one per version-1 move; for chained (version-2) moves, each party's
    /// last one at the ruling, or every one if any of those fails.</summary>
    public int SignaturesVerified { get; private set; }

    /// <summary>The part of <see cref="CheckingTime"/> spent verifying the messages' signatures.</summary>
    public TimeSpan SignatureTime => _signatureClock.Elapsed;

    private readonly Stopwatch _signatureClock = new();

    /// <summary>The party whose turn it is did not answer in time (or at all): it loses.</summary>
    /// <exception cref="InvalidOperationException">The game is already decided.</exception>
    public void Forfeit(DisputeRole role, string reason)
    {
        if (Ruling is not null || Expected is null) throw new InvalidOperationException("the dispute is already decided");
        if (role != Expected.From) throw new InvalidOperationException($"it is the {DisputeMessage.RoleName(Expected.From)}'s turn");
        Lose(role, $"the {DisputeMessage.RoleName(role)} did not answer the {Expected.Kind} move (message {Expected.Sequence}): {reason}");
    }

    /// <summary>Takes the next message (wire bytes of a <see cref="SignedDisputeMessage"/>) from the party whose turn it is.</summary>
    /// <returns>False when the game is already decided (the message is not considered); true otherwise.</returns>
    public bool Receive(byte[] wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (Expected is null) return false;
        var clock = Stopwatch.StartNew();
        try
        {
            Take(wire, Expected);
        }
        finally
        {
            CheckingTime += clock.Elapsed;
        }
        return true;
    }

    private void Take(byte[] wire, DisputeExpectation e)
    {
        var who = e.From;
        var source = $"message {e.Sequence}";
        _bytes[who == DisputeRole.Claimant ? 0 : 1] += wire.Length;
        var (m, failure) = Accept(wire, e);
        if (m is null)
        {
            Lose(who, failure!);
            return;
        }
        _link = DisputeMessage.LinkAfter(wire);
        _sequence++;
        try
        {
            switch (m.Kind)
            {
                case DisputeMessage.Outputs:
                    TakeOutputs(m.Body, source);
                    break;
                case DisputeMessage.Bisect:
                case DisputeMessage.Segment:
                    if (Tree.Take(who, m.Body, source) is { } lost) Lose(who, lost);
                    else Expected = StartBisection();
                    break;
                case DisputeMessage.Exports:
                    TakeExports(m.Body, source);
                    break;
                default:
                    TakeNode(m.Body, source);
                    break;
            }
        }
        catch (ProvenantFormatException ex)
        {
            Lose(who, $"the {DisputeMessage.RoleName(who)}'s {e.Kind} move (message {e.Sequence}) is malformed: {ex.Message}");
        }
    }

    private void TakeOutputs(JsonObject body, string source)
    {
        DisputeJson.AllowOnly(body, source, "body.", "values");
        var values = DisputeJson.Array(body, "values", source, "body.", _skeleton.OutputNames.Count);
        if (values.Count != _skeleton.OutputNames.Count) throw new ProvenantFormatException(source, "body.values", $"{_skeleton.OutputNames.Count} openings, one per graph output");
        var check = new OpeningCheck(_skeleton, _claim, _segments is null ? null : new SegmentScope(_segments, _segments.Count, null));
        var outputs = new List<KeyValuePair<string, Tensor>>();
        for (var i = 0; i < values.Count; i++)
        {
            var name = _skeleton.OutputNames[i];
            var o = ValueOpening.Parse(values[i], source, $"body.values[{i}]");
            var v = check.Check(name, o, int.MaxValue);
            if (!v.IsValid)
            {
                Lose(DisputeRole.Claimant, $"inconsistent opening of graph output '{name}': {v.Reason}");
                return;
            }
            outputs.Add(new(name, o.Tensor));
        }
        if (!Inference.Tracing.TraceEncoding.OutputDigest(outputs).AsSpan().SequenceEqual(_claim.OutputDigest))
        {
            Lose(DisputeRole.Claimant, "the graph outputs in the claimant's trace do not hash to its claimed output digest");
            return;
        }
        if (_claim.TraceRoot.AsSpan().SequenceEqual(_challenge.TraceRoot))
        {
            Win(DisputeRole.Claimant, "the claimed output follows from the trace both parties committed to; the challenger's output digest does not");
            return;
        }
        Expected = StartBisection();
    }

    private DisputeExpectation StartBisection()
    {
        if (!_tree.Done) return Expect(_tree.NextMover, DisputeMessage.Bisect);
        if (_segments is null) return Expect(DisputeRole.Claimant, DisputeMessage.Node);
        var j = _tree.Start;
        if (_fine is null)
        {
            var leaves = _segments.FineLeafCount(j, _chunkBits);
            if (leaves == 1) return Expect(DisputeRole.Claimant, DisputeMessage.Node);
            // Unchunked fine leaves are indexed by node id; chunked ones by their position in the segment's fine tree.
            // Chunked: the last few node outputs' chunk leaves are revealed in one move, keeping the game to ⌈log2 n⌉ rounds.
            _fine = TreeBisection.WithRootsInFirstMove(_chunkBits == 0 ? _segments.Start(j) : 0, leaves, _segments.FineFanOut(j, _chunkBits));
        }
        if (_fine.RootsAgree) return Expect(DisputeRole.Claimant, DisputeMessage.Exports);
        if (_fine.Done) return Expect(DisputeRole.Claimant, DisputeMessage.Node);
        return Expect(_fine.NextMover, _fine.Round == 0 ? DisputeMessage.Segment : DisputeMessage.Bisect);
    }

    // Format 3, both revealed the same root over segment j's node leaves: the claimant opens j's exports under it, and
    // whoever committed a segment leaf other than their hash loses.
    private void TakeExports(JsonObject body, string source)
    {
        DisputeJson.AllowOnly(body, source, "body.", "values");
        var j = Segment!.Value;
        var exports = _segments!.Exports(j);
        var values = DisputeJson.Array(body, "values", source, "body.", exports.Count);
        if (values.Count != exports.Count) throw new ProvenantFormatException(source, "body.values", $"{exports.Count} openings, one per export of segment {j}");
        var check = new OpeningCheck(_skeleton, _claim, new SegmentScope(_segments, j, _fine!.ClaimantRoot, _chunkBits));
        var opened = new (Inference.Tracing.SegmentExport, Tensor)[exports.Count];
        for (var i = 0; i < exports.Count; i++)
        {
            var name = _skeleton.Nodes[exports[i].Node].Outputs[exports[i].Output];
            var o = ValueOpening.Parse(values[i], source, $"body.values[{i}]");
            if (_chunkBits > 0 && o.Kind != ValueOpeningKind.Slot)
            {
                Lose(DisputeRole.Claimant, $"export '{name}' of segment {j} must be opened whole (a slot opening), not as {o.Kind}");
                return;
            }
            var v = check.Check(name, o, int.MaxValue);
            if (!v.IsValid)
            {
                Lose(DisputeRole.Claimant, $"inconsistent opening of export '{name}' of segment {j}: {v.Reason}");
                return;
            }
            opened[i] = (exports[i], o.Tensor);
        }
        RuleOnSegmentLeaf(j, OpeningCheck.SegmentLeaf(j, opened), $"the exports of segment {j} under the segment root both parties revealed");
    }

    // Format 3: the segment leaf the referee computed from agreed (or re-executed) values decides: the party whose
    // committed leaf j differs from it loses.
    private void RuleOnSegmentLeaf(int j, byte[] leaf, string what)
    {
        if (leaf.AsSpan().SequenceEqual(_tree.ClaimantHash)) Win(DisputeRole.Claimant, $"{what} hash to the claimant's segment leaf {j}, not the challenger's");
        else if (leaf.AsSpan().SequenceEqual(_tree.ChallengerHash)) Win(DisputeRole.Challenger, $"{what} hash to the challenger's segment leaf {j}, not the claimant's");
        else Win(DisputeRole.Challenger, $"{what} hash to neither party's segment leaf {j}; the claim is refuted");
    }

    private void TakeNode(JsonObject body, string source)
    {
        if (_chunkBits > 0 && Segment is { } chunked)
        {
            TakeChunk(body, source, chunked);
            return;
        }
        DisputeJson.AllowOnly(body, source, "body.", "index", "inputs");
        var k = Range.Start;
        var node = _skeleton.Nodes[k];
        var index = DisputeJson.Integer(body["index"], source, "body.index", int.MaxValue);
        var inputs = DisputeJson.Array(body, "inputs", source, "body.", node.Inputs.Count);
        if (index != k || inputs.Count != node.Inputs.Count)
        {
            Lose(DisputeRole.Claimant, $"the node opening names node {index} with {inputs.Count} inputs; node {k} is disputed and has {node.Inputs.Count}");
            return;
        }
        var check = new OpeningCheck(_skeleton, _claim, Segment is { } j ? new SegmentScope(_segments!, j, _fine?.ClaimantRoot, _chunkBits) : null);
        if (OpenInputs(inputs, node.Inputs, k, check, source) is not { } opened) return;
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var p = 0; p < opened.Length; p++)
        {
            if (opened[p] is { } o) values[node.Inputs[p]] = o.Tensor;
        }
        var clock = Stopwatch.StartNew();
        Inference.Tracing.TraceNode recomputed;
        IReadOnlyList<Tensor?> produced;
        try
        {
            // Format 3's per-node leaves are version-2 leaves.
            (recomputed, produced) = NodeReexecution.Run(_skeleton, k, values, _segments is null ? _claim.TraceVersion : (int)Inference.Tracing.TraceFormat.Version2);
        }
        catch (ProvenantException ex)
        {
            Lose(DisputeRole.Claimant, $"node {k} cannot be executed on the opened inputs, so no claimed output of it is right: {ex.Message}");
            return;
        }
        finally
        {
            ReexecutionTime += clock.Elapsed;
        }
        var what = recomputed.Describe();
        if (Segment is { } seg && _fine is null)
        {
            // A one-node segment: its exports are outputs of this node, so the re-execution gives its leaf.
            var exports = _segments!.Exports(seg);
            if (exports.Any(e => e.Output >= produced.Count || produced[e.Output] is null))
            {
                Lose(DisputeRole.Claimant, $"{what} re-executed on the opened inputs leaves an exported output empty");
                return;
            }
            RuleOnSegmentLeaf(seg, OpeningCheck.SegmentLeaf(seg, exports.Select(e => (e, produced[e.Output]!)).ToArray()), $"the exports of {what} re-executed on the opened inputs");
            return;
        }
        if (recomputed.LeafHash.AsSpan().SequenceEqual(Tree.ClaimantHash))
        {
            Win(DisputeRole.Claimant, $"{what} re-executed on the opened inputs gives the claimant's trace entry");
        }
        else if (recomputed.LeafHash.AsSpan().SequenceEqual(Tree.ChallengerHash))
        {
            Win(DisputeRole.Challenger, $"{what} re-executed on the opened inputs gives the challenger's trace entry, not the claimant's");
        }
        else
        {
            Win(DisputeRole.Challenger, $"{what} re-executed on the opened inputs matches neither party's trace entry; the claim is refuted");
        }
    }

    // The claimant's openings of node k's inputs, each checked (null where the model omits the input); null when one is
    // inconsistent, after ruling that the claimant loses.
    private ValueOpening?[]? OpenInputs(JsonArray inputs, IReadOnlyList<string> names, int k, OpeningCheck check, string source)
    {
        var opened = new ValueOpening?[inputs.Count];
        for (var p = 0; p < inputs.Count; p++)
        {
            if (names[p].Length == 0)
            {
                if (inputs[p] is not null) throw new ProvenantFormatException(source, $"body.inputs[{p}]", "null for an omitted optional input");
                continue;
            }
            var o = ValueOpening.Parse(inputs[p], source, $"body.inputs[{p}]");
            var v = check.Check(names[p], o, k);
            if (!v.IsValid)
            {
                Lose(DisputeRole.Claimant, $"inconsistent opening of input {p} of node {k}: {v.Reason}");
                return null;
            }
            opened[p] = o;
        }
        return opened;
    }

    // Chunked format 3: the fine bisection pinned chunk c of output o of node k. The claimant opens k's inputs (values of
    // the segment as chunk c's rows where the node is row-local in that input, else whole); the referee recomputes that
    // chunk's leaf — from the chunk's rows alone when the node is row-local, else from the whole node — and rules.
    private void TakeChunk(JsonObject body, string source, int j)
    {
        DisputeJson.AllowOnly(body, source, "body.", "index", "output", "chunk", "inputs");
        var count = 1 << _chunkBits;
        var (k, o) = _segments!.Slot(j, _fine!.Start >> _chunkBits);
        var c = _fine.Start & (count - 1);
        var onnx = _skeleton.Nodes[k];
        var index = DisputeJson.Integer(body["index"], source, "body.index", int.MaxValue);
        var output = DisputeJson.Integer(body["output"], source, "body.output", int.MaxValue);
        var chunk = DisputeJson.Integer(body["chunk"], source, "body.chunk", int.MaxValue);
        var inputs = DisputeJson.Array(body, "inputs", source, "body.", onnx.Inputs.Count);
        if (index != k || output != o || chunk != c || inputs.Count != onnx.Inputs.Count)
        {
            Lose(DisputeRole.Claimant, $"the node opening names node {index} output {output} chunk {chunk} with {inputs.Count} inputs; chunk {c} of output {o} of node {k} is disputed and the node has {onnx.Inputs.Count} inputs");
            return;
        }
        var check = new OpeningCheck(_skeleton, _claim, new SegmentScope(_segments, j, _fine.ClaimantRoot, _chunkBits));
        if (OpenInputs(inputs, onnx.Inputs, k, check, source) is not { } values) return;
        var opened = values.Select(v => v is null ? null
            : v.Kind == ValueOpeningKind.Chunk ? new ChunkInput(v.Tensor, v.FullDims!, v.Chunk) : new ChunkInput(v.Tensor, [.. v.Tensor.Shape])).ToArray();
        var clock = Stopwatch.StartNew();
        byte[] leaf;
        string what;
        try
        {
            (leaf, what) = ChunkReexecution.Run(_skeleton, k, o, c, _chunkBits, opened);
        }
        catch (ChunkOpeningException ex)
        {
            Lose(DisputeRole.Claimant, ex.Message);
            return;
        }
        catch (ArgumentException ex)
        {
            // Opened dims the row-local step cannot take (RunRows checks them): no claimed chunk follows from them.
            Lose(DisputeRole.Claimant, $"node {k} cannot be executed on the opened inputs' shapes: {ex.Message}");
            return;
        }
        catch (ProvenantException ex)
        {
            Lose(DisputeRole.Claimant, $"node {k} cannot be executed on the opened inputs, so no claimed output of it is right: {ex.Message}");
            return;
        }
        finally
        {
            ReexecutionTime += clock.Elapsed;
        }
        if (leaf.AsSpan().SequenceEqual(Tree.ClaimantHash)) Win(DisputeRole.Claimant, $"{what} re-executed on the opened inputs gives the claimant's chunk leaf");
        else if (leaf.AsSpan().SequenceEqual(Tree.ChallengerHash)) Win(DisputeRole.Challenger, $"{what} re-executed on the opened inputs gives the challenger's chunk leaf, not the claimant's");
        else Win(DisputeRole.Challenger, $"{what} re-executed on the opened inputs matches neither party's chunk leaf; the claim is refuted");
    }

    private DisputeExpectation Expect(DisputeRole from, string kind) =>
        new(from, kind, _sequence, Tree.Round, Range.Start, Range.Size) { Segment = Segment, Previous = _link };

    // A move's envelope and payload, checked against the awaited move. A version-1 move (no chain link) is
    // authenticated now, before its payload is parsed. A version-2 move must carry the link to the recorded
    // transcript; its signature is left to the ruling (Settle), because its sender's last move covers it.
    private (DisputeMessage? Message, string? Failure) Accept(byte[] wire, DisputeExpectation e)
    {
        var name = DisputeMessage.RoleName(e.From);
        var source = $"message {e.Sequence}";
        SignedDisputeMessage signed;
        DisputeMessage m;
        try
        {
            signed = SignedDisputeMessage.Parse(wire, source);
            if (!string.Equals(signed.KeyId, _setup.Hint(e.From), StringComparison.Ordinal))
            {
                return (null, $"the {name}'s {e.Kind} move (message {e.Sequence}) is not validly signed: signed with key {signed.KeyId}, expected {_setup.Hint(e.From)}");
            }
            if (!DisputeMessage.IsChained(signed.Payload))
            {
                SignaturesVerified++;
                return DisputeMessages.Authenticate(wire, e, _setup.DisputeId, _setup.Key(e.From), _setup.Hint(e.From), _signatureClock);
            }
            m = DisputeMessage.Parse(signed.Payload, source);
        }
        catch (ProvenantFormatException ex)
        {
            return (null, $"the {name}'s {e.Kind} move (message {e.Sequence}) is malformed: {ex.Message}");
        }
        if (!m.Previous!.AsSpan().SequenceEqual(e.Previous))
        {
            return (null, $"the {name}'s message {e.Sequence} does not chain onto the transcript (its prev is not the hash of message {e.Sequence - 1})");
        }
        if (!m.DisputeId.AsSpan().SequenceEqual(_setup.DisputeId) || m.Sequence != e.Sequence || m.From != e.From || m.Kind != e.Kind)
        {
            return (null, $"the {name}'s message {e.Sequence} is not the awaited {e.Kind} move of this dispute (it is {m.Kind}, seq {m.Sequence}, from {DisputeMessage.RoleName(m.From)})");
        }
        _unverified.Add((signed, e.From, e.Sequence, e.Kind));
        return (m, null);
    }

    // At the ruling: each party's last chained move covers, through the chain, every move before it (its own included),
    // so those (at most two) signatures authenticate the transcript. If one fails, every unverified move is checked in
    // order and the sender of the first badly signed one loses — the ruling eager checking would have made.
    private bool SettleFindsForgery()
    {
        if (_unverified.Count == 0) return false;
        var pending = _unverified.ToArray();
        _unverified.Clear();
        var last = new[] { DisputeRole.Claimant, DisputeRole.Challenger }.Select(r => Array.FindLastIndex(pending, x => x.From == r)).Where(i => i >= 0);
        if (last.All(i => Verifies(pending[i]))) return false;
        foreach (var p in pending)
        {
            if (Verifies(p)) continue;
            _forgery = true;
            Lose(p.From, $"the {DisputeMessage.RoleName(p.From)}'s {p.Kind} move (message {p.Sequence}) is not validly signed");
            return true;
        }
        return false;
    }

    private bool Verifies((SignedDisputeMessage Signed, DisputeRole From, int Sequence, string Kind) p)
    {
        _signatureClock.Start();
        try
        {
            SignaturesVerified++;
            return p.Signed.Verify(_setup.Key(p.From), _setup.Hint(p.From)).IsValid;
        }
        finally
        {
            _signatureClock.Stop();
        }
    }

    private readonly List<(SignedDisputeMessage Signed, DisputeRole From, int Sequence, string Kind)> _unverified = [];
    private byte[] _link;
    private bool _forgery;

    // The node awaiting its opening: the range's leaf, or with chunked fine trees the node of the disputed chunk.
    private int DisputedNode => _chunkBits > 0 && _fine is not null ? _segments!.Slot(_tree.Start, _fine.Start >> _chunkBits).Node : Range.Start;

    // Bisection rounds so far: over the trace (or segment leaves), then inside a format-3 segment.
    private int Rounds => (_tree?.Round ?? 0) + (_fine?.Round ?? 0);

    private void Lose(DisputeRole who, string reason) => Win(who == DisputeRole.Claimant ? DisputeRole.Challenger : DisputeRole.Claimant, reason);

    private void Win(DisputeRole who, string reason)
    {
        // Authenticate the chained moves the ruling rests on; a badly signed one decides instead (and rules itself).
        if (SettleFindsForgery()) return;
        var disputed = !_forgery && Expected?.Kind == DisputeMessage.Node ? DisputedNode : (int?)null;
        Ruling = new DisputeRuling(who == DisputeRole.Claimant ? DisputeOutcome.ClaimantWins : DisputeOutcome.ChallengerWins, reason, disputed, Rounds);
        Expected = null;
    }
}
