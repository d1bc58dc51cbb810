using System.Text.Json.Nodes;
using Provenant.Core.Merkle;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// Bisection over an RFC 9162 tree on which two parties committed different roots (docs/disputes.md §Rules, step 2):
/// each round the claimant, then the challenger reveals the two children of the disputed subtree
/// (<c>{"left":HEX,"right":HEX,"round":R}</c>), each pair must hash to that party's committed subtree hash, and the
/// game descends into the left child when the left hashes differ, else into the right one, until one leaf is left:
/// the first leaf on which the two trees differ. At most ⌈log2 n⌉ rounds.
/// </summary>
public sealed class TreeBisection
{
    private (byte[] Left, byte[] Right)? _claimantMove;
    private readonly bool _rootsInMove;

    /// <summary>Starts a bisection over leaves [<paramref name="start"/>, <paramref name="start"/> + <paramref name="size"/>) with each party's hash of that subtree.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An empty range.</exception>
    public TreeBisection(int start, int size, byte[] claimantHash, byte[] challengerHash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Start = start;
        Size = size;
        ClaimantHash = claimantHash;
        ChallengerHash = challengerHash;
    }

    /// <summary>
    /// Starts a bisection over leaves [<paramref name="start"/>, <paramref name="start"/> + <paramref name="size"/>) whose
    /// roots the parties have not committed yet: each reveals its root in its round-0 move (<c>"root":HEX</c> beside
    /// the children, which must hash to it). Format-3 disputes use it for a segment's per-node tree, so the reveal
    /// costs no extra round. When the two roots are equal, <see cref="RootsAgree"/> is set and the bisection stops.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two leaves (a one-leaf tree has no children to reveal).</exception>
    /// <param name="start">First leaf.</param>
    /// <param name="size">Leaves.</param>
    /// <param name="fanOut">0, or F ≥ 2: once the disputed subtree has at most F leaves, each party reveals all of them
    /// in one move (<c>{"leaves":[HEX,…],"round":R}</c>) instead of halving on, and the game goes to the first leaf where
    /// the two lists differ. Chunked format-3 disputes use it so that a node output's chunks (and a few neighbours) cost
    /// one round (<see cref="Inference.Tracing.TraceSegments.FineFanOut"/>).</param>
    public static TreeBisection WithRootsInFirstMove(int start, int size, int fanOut = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        if (fanOut is 1 or < 0) throw new ArgumentOutOfRangeException(nameof(fanOut), fanOut, "0 or at least 2");
        return new TreeBisection(start, size, [], [], rootsInMove: true) { _fanOut = fanOut };
    }

    private TreeBisection(int start, int size, byte[] claimantHash, byte[] challengerHash, bool rootsInMove)
        : this(start, size, claimantHash, challengerHash) => _rootsInMove = rootsInMove;

    private int _fanOut;
    private byte[][]? _claimantLeaves;

    /// <summary>Whether the next moves reveal every leaf of the disputed subtree (it is one fan-out block).</summary>
    public bool RevealsLeaves => _fanOut > 0 && Size <= _fanOut && Size > 1;

    /// <summary>With roots revealed in the first move: the claimant's root (null before its move).</summary>
    public byte[]? ClaimantRoot { get; private set; }

    /// <summary>With roots revealed in the first move: both parties revealed the same root, so no leaf differs.</summary>
    public bool RootsAgree { get; private set; }

    /// <summary>First leaf of the disputed subtree.</summary>
    public int Start { get; private set; }

    /// <summary>Leaves in the disputed subtree (1 when done).</summary>
    public int Size { get; private set; }

    /// <summary>The claimant's hash of the disputed subtree (its leaf hash when done).</summary>
    public byte[] ClaimantHash { get; private set; }

    /// <summary>The challenger's hash of the disputed subtree.</summary>
    public byte[] ChallengerHash { get; private set; }

    /// <summary>Completed rounds.</summary>
    public int Round { get; private set; }

    /// <summary>Whether one leaf is left.</summary>
    public bool Done => Size == 1;

    /// <summary>Who moves next (the claimant opens each round).</summary>
    public DisputeRole NextMover => _claimantMove is null && _claimantLeaves is null ? DisputeRole.Claimant : DisputeRole.Challenger;

    /// <summary>Takes <paramref name="who"/>'s move; returns why it loses, or null.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">A malformed body.</exception>
    public string? Take(DisputeRole who, JsonObject body, string source)
    {
        ArgumentNullException.ThrowIfNull(body);
        var rootMove = _rootsInMove && Round == 0;
        if (RevealsLeaves) return TakeLeaves(who, body, source, rootMove);
        if (rootMove) DisputeJson.AllowOnly(body, source, "body.", "round", "left", "right", "root");
        else DisputeJson.AllowOnly(body, source, "body.", "round", "left", "right");
        var round = DisputeJson.Integer(body["round"], source, "body.round", 64);
        var left = DisputeJson.Hash(body["left"], source, "body.left");
        var right = DisputeJson.Hash(body["right"], source, "body.right");
        var name = DisputeMessage.RoleName(who);
        if (round != Round) return $"the {name}'s bisection move names round {round}, expected {Round}";
        if (rootMove) TakeRoot(who, body, source);
        var committed = who == DisputeRole.Claimant ? ClaimantHash : ChallengerHash;
        if (!Rfc9162.HashChildren(left, right).AsSpan().SequenceEqual(committed))
        {
            return $"the {name}'s bisection move in round {Round} is inconsistent: its children do not hash to the subtree hash it committed to for leaves [{Start}, {Start + Size})";
        }
        if (who == DisputeRole.Claimant)
        {
            _claimantMove = (left, right);
            return null;
        }
        var c = _claimantMove!.Value;
        _claimantMove = null;
        if (rootMove && ClaimantHash.AsSpan().SequenceEqual(ChallengerHash))
        {
            RootsAgree = true;
            Round++;
            return null;
        }
        var k = (int)Rfc9162.LargestPowerOfTwoBelow((ulong)Size);
        if (!c.Left.AsSpan().SequenceEqual(left))
        {
            (Size, ClaimantHash, ChallengerHash) = (k, c.Left, left);
        }
        else
        {
            (Start, Size, ClaimantHash, ChallengerHash) = (Start + k, Size - k, c.Right, right);
        }
        Round++;
        return null;
    }

    private void TakeRoot(DisputeRole who, JsonObject body, string source)
    {
        var root = DisputeJson.Hash(body["root"], source, "body.root");
        if (who == DisputeRole.Claimant) (ClaimantHash, ClaimantRoot) = (root, root);
        else ChallengerHash = root;
    }

    // A fan-out block: every leaf of the disputed subtree at once; they must hash to the party's subtree hash, and the
    // game goes to the first leaf where the two parties' lists differ.
    private string? TakeLeaves(DisputeRole who, JsonObject body, string source, bool rootMove)
    {
        if (rootMove) DisputeJson.AllowOnly(body, source, "body.", "round", "leaves", "root");
        else DisputeJson.AllowOnly(body, source, "body.", "round", "leaves");
        var round = DisputeJson.Integer(body["round"], source, "body.round", 64);
        var leaves = DisputeJson.Hashes(body, "leaves", source, "body.", Size);
        var name = DisputeMessage.RoleName(who);
        if (round != Round) return $"the {name}'s bisection move names round {round}, expected {Round}";
        if (leaves.Length != Size) return $"the {name}'s move in round {Round} reveals {leaves.Length} leaves of the disputed subtree of {Size}";
        if (rootMove) TakeRoot(who, body, source);
        var committed = who == DisputeRole.Claimant ? ClaimantHash : ChallengerHash;
        if (!Rfc9162.RootFromLeafHashes(leaves).AsSpan().SequenceEqual(committed))
        {
            return $"the {name}'s move in round {Round} is inconsistent: its {Size} leaves do not hash to the subtree hash it committed to for leaves [{Start}, {Start + Size})";
        }
        if (who == DisputeRole.Claimant)
        {
            _claimantLeaves = leaves;
            return null;
        }
        var c = _claimantLeaves!;
        _claimantLeaves = null;
        Round++;
        if (rootMove && ClaimantHash.AsSpan().SequenceEqual(ChallengerHash))
        {
            RootsAgree = true;
            return null;
        }
        // The subtree hashes differ, so some leaf does.
        var i = Enumerable.Range(0, Size).First(x => !c[x].AsSpan().SequenceEqual(leaves[x]));
        (Start, Size, ClaimantHash, ChallengerHash) = (Start + i, 1, c[i], leaves[i]);
        return null;
    }

    /// <summary>An honest party's move for the subtree [start, start + size) of its leaves.</summary>
    /// <param name="leaves">The party's leaves; leaf i is <c>leaves[i - offset]</c>.</param>
    /// <param name="e">The awaited move.</param>
    /// <param name="offset">The index of <c>leaves[0]</c> (a format-3 segment's first node).</param>
    /// <param name="fanOut">The bisection's fan-out (<see cref="WithRootsInFirstMove"/>): a subtree of at most that many leaves is revealed whole.</param>
    public static JsonObject Move(IReadOnlyList<byte[]> leaves, DisputeExpectation e, int offset = 0, int fanOut = 0)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentNullException.ThrowIfNull(e);
        var first = e.RangeStart - offset;
        if (fanOut > 0 && e.RangeSize <= fanOut)
        {
            return new JsonObject { ["round"] = e.Round, ["leaves"] = DisputeJson.HashArray(leaves.Skip(first).Take(e.RangeSize)) };
        }
        var k = (int)Rfc9162.LargestPowerOfTwoBelow((ulong)e.RangeSize);
        return new JsonObject
        {
            ["round"] = e.Round,
            ["left"] = Core.Hashing.Hex.Encode(Rfc9162.RootFromLeafHashes(leaves.Skip(first).Take(k).ToArray())),
            ["right"] = Core.Hashing.Hex.Encode(Rfc9162.RootFromLeafHashes(leaves.Skip(first + k).Take(e.RangeSize - k).ToArray())),
        };
    }
}
