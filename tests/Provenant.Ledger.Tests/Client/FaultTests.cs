using System.Text;
using Provenant.Core.Merkle;
using Provenant.Ledger.Client;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Client;

/// <summary>A log that lies: forged or truncated checkpoints, tiles with one byte changed, wrong lengths, tiles beyond the tree.</summary>
public sealed class FaultTests
{
    private static async Task<TestLog> LogWithAsync(int entries)
    {
        var t = await TestLog.OpenAsync("faults");
        await t.AppendAsync("f", 0, entries, ordered: false);
        return t;
    }

    private static byte[] FlipByte(byte[] b, int offset)
    {
        var copy = (byte[])b.Clone();
        copy[offset] ^= 0x01;
        return copy;
    }

    public static TheoryData<string> CheckpointForgeries() => new()
    {
        "truncated", "truncated-signature", "size-changed", "root-changed", "other-key", "origin-changed", "not-a-note",
    };

    [Theory]
    [MemberData(nameof(CheckpointForgeries))]
    public async Task A_forged_or_truncated_checkpoint_is_rejected(string forgery)
    {
        await using var t = await LogWithAsync(20);
        var good = t.Log.Published.Note;
        var other = Ed25519NoteSigner.Generate(TestLog.Signer.Name);
        var text = SignedNote.Parse(good, "cp").Text;
        t.Fetcher.TamperCheckpoint = _ => Encoding.UTF8.GetBytes(forgery switch
        {
            "truncated" => good[..(good.Length / 2)],
            "truncated-signature" => good[..^10] + "\n",
            "size-changed" => good.Replace("\n20\n", "\n21\n"),
            "root-changed" => good.Replace(text.Split('\n')[2], Convert.ToBase64String(new byte[32])),
            "other-key" => SignedNote.Sign(text, other).ToString(),
            "origin-changed" => SignedNote.Sign(text.Replace(TestLog.Signer.Name, "example.com/other"), new Ed25519NoteSigner("example.com/other", new byte[32])).ToString(),
            _ => "hello\n",
        });
        await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.FetchCheckpointAsync());
        // The monitor reports it and writes no state.
        var state = t.TempPath("state");
        var r = await new LogMonitor(t.Client, state).PollAsync();
        Assert.False(r.IsValid);
        Assert.False(File.Exists(state));
    }

    [Fact]
    public async Task Origin_must_be_the_trusted_one_even_with_the_right_key()
    {
        await using var t = await LogWithAsync(3);
        var client = new TileClient(t.Fetcher, new LogTrust(TestLog.Signer.Verifier, origin: "example.com/log/other"));
        var e = await Assert.ThrowsAsync<LogVerificationException>(() => client.FetchCheckpointAsync());
        Assert.Contains("origin", e.Message);
    }

    [Fact]
    public async Task Witness_quorum_is_enforced()
    {
        await using var t = await LogWithAsync(3);
        var w1 = CosignatureV1Signer.Generate("witness.example/one");
        var w2 = CosignatureV1Signer.Generate("witness.example/two");
        var cosigned = SignedNote.Parse(t.Log.Published.Note, "cp");
        var withOne = cosigned.WithSignatures([w1.Sign(Encoding.UTF8.GetBytes(cosigned.Text))]).ToString();
        t.Fetcher.TamperCheckpoint = _ => Encoding.UTF8.GetBytes(withOne);
        var one = new TileClient(t.Fetcher, new LogTrust(TestLog.Signer.Verifier, [w1.Verifier, w2.Verifier], quorum: 1));
        Assert.Equal(["witness.example/one"], (await one.FetchCheckpointAsync()).Witnesses);
        var two = new TileClient(t.Fetcher, new LogTrust(TestLog.Signer.Verifier, [w1.Verifier, w2.Verifier], quorum: 2));
        var e = await Assert.ThrowsAsync<LogVerificationException>(() => two.FetchCheckpointAsync());
        Assert.Contains("1 valid witness cosignature(s), 2 required", e.Message);
        // A witness key given with the log key's type is refused by the note verifier (wrong key ID), so it never counts.
        Assert.Throws<ArgumentException>(() => new LogTrust(TestLog.Signer.Verifier, [w1.Verifier], quorum: 2));
    }

    [Fact]
    public async Task A_tile_with_one_byte_changed_fails_every_proof_that_reads_it()
    {
        await using var t = await LogWithAsync(300);
        var cp = await t.Client.FetchCheckpointAsync();
        var before = await t.Client.FetchCheckpointAsync();
        // Level-0 tile 0 lies about leaf 7's hash.
        t.Fetcher.TamperTile = (p, b) => p == new TilePath(0, 0, 0) ? FlipByte(b!, 7 * 32 + 5) : b;
        await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.ProveInclusionAsync(cp, 7));
        await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.ProveInclusionAsync(cp, 200)); // sibling subtree from the same tile
        await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.GetEntryAsync(cp, 7));
        await Assert.ThrowsAsync<LogVerificationException>(() => LogAudit.RunAsync(t.Client, cp));
        var search = await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.FindLeafAsync(cp, new byte[32]));
        Assert.Contains("do not hash to the root", search.Message);
        // The partial level-1 tile lies: consistency from a smaller tree fails, and it is not mistaken for a fork.
        t.Fetcher.TamperTile = (p, b) => p == new TilePath(0, 1, 44) ? FlipByte(b!, 0) : b;
        var small = t.Client.VerifyCheckpoint(Encoding.UTF8.GetBytes(SignedNote.Sign(new Checkpoints.Checkpoint(TestLog.Signer.Name, 260,
            Rfc9162.RootFromLeafHashes(Enumerable.Range(0, 260).Select(i => Rfc9162.HashLeaf(t.Log.GetEntry((ulong)i)!)).ToList())).Format(), TestLog.Signer).ToString()), "260");
        var e = await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.ProveConsistencyAsync(small, before));
        Assert.IsNotType<LogForkException>(e);
        Assert.Contains("do not match its checkpoint", e.Message);
    }

    [Fact]
    public async Task An_entry_that_does_not_hash_to_its_leaf_is_rejected()
    {
        await using var t = await LogWithAsync(10);
        var cp = await t.Client.FetchCheckpointAsync();
        t.Fetcher.TamperTile = (p, b) => p.IsEntryBundle ? FlipByte(b!, b!.Length - 1) : b;
        var e = await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.GetEntryAsync(cp, 9));
        Assert.Contains("does not hash", e.Message);
        await Assert.ThrowsAsync<LogVerificationException>(() => LogAudit.RunAsync(t.Client, cp));
    }

    public static TheoryData<string> WrongLengths() => new() { "one-hash-more", "one-byte-short", "empty", "bundle-trailing", "bundle-truncated" };

    [Theory]
    [MemberData(nameof(WrongLengths))]
    public async Task A_tile_of_the_wrong_length_is_rejected(string how)
    {
        await using var t = await LogWithAsync(10);
        var cp = await t.Client.FetchCheckpointAsync();
        t.Fetcher.TamperTile = (p, b) => how switch
        {
            "one-hash-more" when !p.IsEntryBundle => [.. b!, .. new byte[32]],
            "one-byte-short" when !p.IsEntryBundle => b![..^1],
            "empty" when !p.IsEntryBundle => [],
            "bundle-trailing" when p.IsEntryBundle => [.. b!, 0, 0],
            "bundle-truncated" when p.IsEntryBundle => b![..^3],
            _ => b,
        };
        await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.GetEntryAsync(cp, 3));
    }

    [Fact]
    public async Task Tiles_beyond_the_verified_tree_are_never_requested_or_accepted()
    {
        await using var t = await LogWithAsync(10);
        var cp = await t.Client.FetchCheckpointAsync();
        await t.AppendAsync("f", 10, 300, ordered: false); // the log grows; the client still holds the size-10 checkpoint
        t.Fetcher.Requests.Clear();
        var inc = await t.Client.GetEntryAsync(cp, 9);
        Assert.Equal(t.Log.GetEntry(9), inc.Entry);
        await LogAudit.RunAsync(t.Client, cp);
        Assert.All(t.Fetcher.Requests, r => Assert.True(TileMath.Exists(r.Path, 10), $"{r.Path} is beyond size 10"));
        Assert.Contains(t.Fetcher.Requests, r => r.Path == new TilePath(0, 0, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => t.Client.GetEntryAsync(cp, 10));

        // A log may delete a partial tile once the full one exists: the client falls back to the full tile at the same
        // index and uses only the prefix its checkpoint covers.
        t.Fetcher.Requests.Clear();
        t.Fetcher.TamperTile = (p, b) => p.Width != 0 ? null : b;
        Assert.Equal(t.Log.GetEntry(9), (await t.Client.GetEntryAsync(cp, 9)).Entry);
        Assert.Contains(t.Fetcher.Requests, r => r.Path == new TilePath(0, 0, 0));
        Assert.All(t.Fetcher.Requests, r => Assert.True(TileMath.Exists(r.Path with { Width = 1 }, 10), $"{r.Path} is beyond size 10"));

        // A log that answers a partial-tile request with a wider partial tile (beyond its checkpoint) is rejected.
        t.Fetcher.TamperTile = (p, b) => p.Width == 10 && !p.IsEntryBundle ? t.Log.ReadTile(new TilePath(0, 0, 11)) : b;
        await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.ProveInclusionAsync(cp, 3));
    }
}
