using System.Text;
using Provenant.Ledger.Notes;
using Provenant.Server.Log;
using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary><c>provenant log get|prove|consistency|monitor</c> against real log servers (LogHost on 127.0.0.1, port 0).</summary>
public sealed class LogClientCommandTests
{
    private sealed class Server : IAsyncDisposable
    {
        private Server(LogHost host, string dir)
        {
            Host = host;
            Dir = dir;
        }

        public LogHost Host { get; }

        public string Dir { get; }

        public string Url => Host.Addresses[0];

        public string VKey => Path.Combine(Dir, "log.vkey");

        /// <summary>Starts a log in <paramref name="dir"/>; with <paramref name="keyFrom"/>, it signs with that log's key (same origin).</summary>
        public static async Task<Server> StartAsync(string dir, string? keyFrom = null)
        {
            Directory.CreateDirectory(dir);
            if (keyFrom is not null)
            {
                File.Copy(Path.Combine(keyFrom, "log.key"), Path.Combine(dir, "log.key"));
                File.Copy(Path.Combine(keyFrom, "log.vkey"), Path.Combine(dir, "log.vkey"));
            }
            var host = await LogHost.StartAsync(new LogServerOptions { DataDirectory = dir, Urls = ["http://127.0.0.1:0"], Origin = "test.example/log" });
            return new Server(host, dir);
        }

        public async Task<Server> AppendAsync(string prefix, int from, int count)
        {
            for (var i = from; i < from + count; i++) await Host.Log.AppendAsync(Entry(prefix, i));
            return this;
        }

        private bool _disposed;

        /// <summary>Stops the server (once; later calls do nothing).</summary>
        public ValueTask DisposeAsync()
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            return Host.DisposeAsync();
        }
    }

    private static byte[] Entry(string prefix, int i) => Encoding.UTF8.GetBytes($"{prefix} entry {i}\n");

    private static Task<CliRunner.Result> RunAsync(params string[] args) => Task.Run(() => CliRunner.Run(args));

    /// <summary>Runs the CLI and requires the exit code and, when given, a phrase in the error output.</summary>
    private static async Task<CliRunner.Result> ExpectAsync(int exitCode, string? inErrors, params string[] args)
    {
        var r = await RunAsync(args);
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}, expected {exitCode}: {r.All}");
        if (inErrors is not null) Assert.Contains(inErrors, r.Err);
        return r;
    }

    [Fact]
    public async Task Get_prints_or_writes_a_verified_entry()
    {
        using var tmp = SharedData.NewTempDir();
        await using var s = await (await Server.StartAsync(tmp["log"])).AppendAsync("g", 0, 12);
        var r = await ExpectAsync(0, null, "log", "get", s.Url, "--log-key", s.VKey, "7");
        Assert.Equal(Encoding.UTF8.GetString(s.Host.Log.GetEntry(7)!), r.Out);
        Assert.Contains("verified in the tree of size 12", r.Err);

        await ExpectAsync(0, null, "log", "get", s.Url, "--log-key", s.VKey, "11", "--out", tmp["e11"]);
        Assert.Equal(s.Host.Log.GetEntry(11), File.ReadAllBytes(tmp["e11"]));

        await ExpectAsync(1, "no entry 12", "log", "get", s.Url, "--log-key", s.VKey, "12");
    }

    [Fact]
    public async Task Prove_by_index_and_by_entry_file()
    {
        using var tmp = SharedData.NewTempDir();
        await using var s = await (await Server.StartAsync(tmp["log"])).AppendAsync("p", 0, 20);
        var r = await ExpectAsync(0, null, "log", "prove", s.Url, "--log-key", s.VKey, "5");
        Assert.Contains("index: 5\n", r.Out);
        Assert.Contains("tree size: 20\n", r.Out);
        foreach (var h in s.Host.Log.ProveInclusion(5, 20)) Assert.Contains("  " + Convert.ToBase64String(h) + "\n", r.Out);
        Assert.EndsWith("verified\n", r.Out);

        var entry = tmp.Write("entry", s.Host.Log.GetEntry(13)!);
        var byEntry = await ExpectAsync(0, null, "log", "prove", s.Url, "--log-key", s.VKey, "--entry", entry);
        Assert.Contains("index: 13\n", byEntry.Out);

        await ExpectAsync(1, "not in the log", "log", "prove", s.Url, "--log-key", s.VKey, "--entry", tmp.Write("other", "never logged"));

        await ExpectAsync(2, null, "log", "prove", s.Url, "--log-key", s.VKey, "5", "--entry", entry);
        await ExpectAsync(2, null, "log", "prove", s.Url, "--log-key", s.VKey);
    }

    [Fact]
    public async Task Consistency_with_a_saved_checkpoint_and_a_fork()
    {
        using var tmp = SharedData.NewTempDir();
        await using var a = await Server.StartAsync(tmp["a"]);
        await a.AppendAsync("common", 0, 4);
        var saved = tmp.Write("saved.checkpoint", a.Host.Log.Published.Note);
        await a.AppendAsync("a", 4, 6);
        var ok = await ExpectAsync(0, null, "log", "consistency", a.Url, "--log-key", a.VKey, "--from", saved);
        Assert.Contains("from: size 4", ok.Out);
        Assert.Contains("to: size 10", ok.Out);
        Assert.EndsWith("verified\n", ok.Out);

        // Same key and origin, different history after the common prefix.
        await using var b = await Server.StartAsync(tmp["b"], keyFrom: tmp["a"]);
        await b.AppendAsync("common", 0, 4);
        await ExpectAsync(0, null, "log", "consistency", b.Url, "--log-key", a.VKey, "--from", saved);
        var seenOnA = tmp.Write("a.checkpoint", a.Host.Log.Published.Note);
        await b.AppendAsync("b", 4, 9);
        var fork = await ExpectAsync(1, "fork", "log", "consistency", b.Url, "--log-key", a.VKey, "--from", seenOnA);
        Assert.Contains(a.Host.Log.Published.Note, fork.Err);
        Assert.Contains(b.Host.Log.Published.Note, fork.Err);

        // A forged saved checkpoint (size changed, signature kept) is rejected before anything is compared.
        var forged = tmp.Write("forged", a.Host.Log.Published.Note.Replace("\n10\n", "\n9\n"));
        await ExpectAsync(1, "not signed by the log key", "log", "consistency", a.Url, "--log-key", a.VKey, "--from", forged);
    }

    [Fact]
    public async Task Monitor_follows_the_log_and_stops_on_a_fork()
    {
        using var tmp = SharedData.NewTempDir();
        await using var a = await Server.StartAsync(tmp["a"]);
        var state = tmp["monitor.state"];
        await a.AppendAsync("m", 0, 3);
        var first = await ExpectAsync(0, null, "log", "monitor", a.Url, "--log-key", a.VKey, "--state", state, "--once");
        Assert.Contains("first checkpoint", first.Out);
        Assert.Equal(a.Host.Log.Published.Note, File.ReadAllText(state));

        await a.AppendAsync("m", 3, 300);
        var second = await ExpectAsync(0, null, "log", "monitor", a.Url, "--log-key", a.VKey, "--state", state, "--once", "--full");
        Assert.Contains("size 3 -> 303: 300 new entries, consistent", second.Out);
        Assert.Contains("full audit: 303 entries", second.Out);

        await using var b = await Server.StartAsync(tmp["b"], keyFrom: tmp["a"]);
        await b.AppendAsync("m", 0, 3);
        await b.AppendAsync("forked", 3, 400);
        await ExpectAsync(1, "fork", "log", "monitor", b.Url, "--log-key", a.VKey, "--state", state, "--once");
        Assert.Equal(a.Host.Log.Published.Note, File.ReadAllText(state));

        // A log signed by another key is not this log.
        await using var c = await Server.StartAsync(tmp["c"]);
        await c.AppendAsync("c", 0, 1);
        await ExpectAsync(1, "not signed by the log key", "log", "monitor", c.Url, "--log-key", a.VKey, "--state", tmp["c.state"], "--once");
    }

    [Fact]
    public async Task Witness_quorum_and_usage_errors()
    {
        using var tmp = SharedData.NewTempDir();
        await using var a = await Server.StartAsync(tmp["a"]);
        await a.AppendAsync("w", 0, 2);
        var witness = CosignatureV1Signer.Generate("witness.example/w1");
        var wkey = tmp.Write("w1.vkey", witness.Verifier + "\n");
        await ExpectAsync(1, "0 valid witness cosignature(s), 1 required", "log", "monitor", a.Url, "--log-key", a.VKey, "--state", tmp["s"], "--once", "--witness-key", wkey, "--quorum", "1");
        Assert.False(File.Exists(tmp["s"]));

        await ExpectAsync(2, null, "log", "monitor", a.Url, "--log-key", a.VKey, "--state", tmp["s"], "--once", "--quorum", "1");
        await ExpectAsync(2, null, "log", "monitor", a.Url, "--log-key", a.VKey, "--state", tmp["s"], "--once", "--witness-key", wkey, "--quorum", "2");
        await ExpectAsync(2, null, "log", "get", "ftp://x", "--log-key", a.VKey, "0");
        await ExpectAsync(3, null, "log", "get", a.Url, "--log-key", wkey, "0"); // a witness key is not a log key
        await ExpectAsync(3, null, "log", "get", a.Url, "--log-key", tmp["missing.vkey"], "0");

        // An unreachable log: input error with --once (nothing listens on the port of a stopped server).
        var port = new Uri(a.Url).Port;
        await a.DisposeAsync();
        await ExpectAsync(3, null, "log", "monitor", $"http://127.0.0.1:{port}", "--log-key", a.VKey, "--state", tmp["s"], "--once", "--timeout", "5");
    }
}
