using System.Text;
using System.Text.Json;
using Provenant.Ledger.Client;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Tiles;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Client;

/// <summary>
/// The client and monitor against the C2SP tlog-tiles test log from transparency-dev/tessera
/// (../shared/data/tlog-vectors/tessera-testlog, checkpoints of sizes 0–15 and their partial tiles), with the log key
/// from signed-note/signed-note-vectors.json.
/// </summary>
public sealed class TesseraMonitorTests
{
    private static string Dir => SharedData.Get("tlog-vectors", "tessera-testlog");

    private static LogTrust Trust()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Get("tlog-vectors", "signed-note", "signed-note-vectors.json")));
        var vkey = doc.RootElement.GetProperty("keys").EnumerateArray()
            .Single(k => k.GetProperty("name").GetString() == "example.com/log/testdata").GetProperty("verifier_key").GetString()!;
        return new LogTrust((Ed25519NoteVerifier)NoteVerifierKey.Parse(vkey));
    }

    [Fact]
    public async Task Monitor_walks_checkpoints_1_to_15_consistently_with_full_audits()
    {
        using var tmp = SharedData.NewTempDir();
        var fetcher = new DirectoryFetcher(Dir);
        var monitor = new LogMonitor(new TileClient(fetcher, Trust()), tmp["state"]);
        for (var n = 1; n <= 15; n++)
        {
            fetcher.CheckpointFile = "checkpoint." + n;
            var r = await monitor.PollAsync(full: true);
            Assert.True(r.IsValid, $"checkpoint.{n}: {r.Result.Reason}");
            Assert.Equal((ulong)n, r.Current!.TreeSize);
            Assert.Equal(n == 1 ? null : (ulong?)(n - 1), r.Previous?.TreeSize);
            Assert.Equal((ulong)n, r.Audit!.Entries);
            Assert.Equal(File.ReadAllText(Path.Combine(Dir, "checkpoint." + n)), File.ReadAllText(tmp["state"]));
        }
        // Every tile requested was the partial tile a verified checkpoint required (the test log has no others).
        Assert.All(fetcher.Requests, p => Assert.True(File.Exists(Path.Combine(Dir, p.ToString())), p.ToString()));

        // Going back is a rollback, reported without touching the state.
        fetcher.CheckpointFile = "checkpoint.7";
        var back = await monitor.PollAsync();
        Assert.False(back.IsValid);
        Assert.Contains("rollback", back.Result.Reason);
        Assert.Equal(15UL, monitor.LoadState()!.TreeSize);
    }

    [Fact]
    public async Task Entries_are_the_test_logs_one_to_fifteen()
    {
        var fetcher = new DirectoryFetcher(Dir) { CheckpointFile = "checkpoint.15" };
        var client = new TileClient(fetcher, Trust());
        var cp = await client.FetchCheckpointAsync();
        // The test log's entries, spelling as in tessera's testdata.
        string[] words = ["one", "two", "three", "four", "five", "six", "seven", "eit", "nain", "ten", "ileven", "twelf", "threeten", "fourten", "fivten"];
        for (ulong i = 0; i < 15; i++)
        {
            var e = await client.GetEntryAsync(cp, i);
            Assert.Equal(words[i], Encoding.UTF8.GetString(e.Entry!));
        }
        var found = await client.FindLeafAsync(cp, Core.Merkle.Rfc9162.HashLeaf("ileven"u8));
        Assert.Equal(10UL, found!.Index);
        Assert.Equal(["tile/0/000.p/15", "tile/entries/000.p/15"], fetcher.Requests.Select(p => p.ToString()).Distinct().Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Empty_checkpoint_then_growth()
    {
        using var tmp = SharedData.NewTempDir();
        var fetcher = new DirectoryFetcher(Dir) { CheckpointFile = "checkpoint.0" };
        var monitor = new LogMonitor(new TileClient(fetcher, Trust()), tmp["state"]);
        Assert.True((await monitor.PollAsync(full: true)).IsValid);
        Assert.Equal(0UL, monitor.LoadState()!.TreeSize);
        fetcher.CheckpointFile = "checkpoint.9";
        var r = await monitor.PollAsync();
        Assert.True(r.IsValid, r.Result.Reason);
        Assert.Contains("9 new entries", r.Result.Reason);
    }

    [Fact]
    public async Task A_state_file_the_log_did_not_sign_is_an_input_error_and_is_kept()
    {
        using var tmp = SharedData.NewTempDir();
        var fetcher = new DirectoryFetcher(Dir) { CheckpointFile = "checkpoint.5" };
        var state = tmp.Write("state", File.ReadAllText(Path.Combine(Dir, "checkpoint.3")).Replace("\n3\n", "\n4\n"));
        var monitor = new LogMonitor(new TileClient(fetcher, Trust()), state);
        var e = await Assert.ThrowsAsync<Core.Errors.ProvenantException>(() => monitor.PollAsync());
        Assert.Equal(Core.Errors.ExitCodes.InputError, e.ExitCode);
        Assert.Contains("not a checkpoint of this log", e.Message);
        Assert.Contains("\n4\n", File.ReadAllText(state));
    }
}
