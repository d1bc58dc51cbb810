using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Entries;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tiles;
using Provenant.TestSupport;

namespace Provenant.Server.Tests.Log;

/// <summary>
/// Runs <c>provenant log serve</c> as a separate process, appends under load, kills it with SIGKILL at random moments,
/// restarts it, and checks that every acknowledged entry kept its index and every checkpoint ever returned is
/// consistent with the final tree.
/// </summary>
public sealed class CrashSafetyTests
{
    private sealed record Ack(ulong Index, byte[] LeafHash, string Checkpoint, string Body, int Round);

    [Fact]
    public async Task Acknowledged_entries_and_checkpoints_survive_SIGKILL()
    {
        using var dir = SharedData.NewTempDir("crash");
        var acks = new ConcurrentBag<Ack>();
        var random = new Random(20261121);
        var counter = 0;
        var resubmitted = 0;
        for (var round = 0; round < 4; round++)
        {
            var thisRound = round;
            var port = LoopbackPort.Free();
            using var server = StartServer(dir.Path, port);
            try
            {
                await WaitReadyAsync(port, server);
                var token = File.ReadAllText(Path.Combine(dir.Path, "log.token")).Trim();
                using var stop = new CancellationTokenSource();
                var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
                {
                    using var client = new LogTestClient($"http://127.0.0.1:{port}", token);
                    while (!stop.IsCancellationRequested)
                    {
                        var n = Interlocked.Increment(ref counter);
                        try
                        {
                            var body = client.Body(client.Sign(n));
                            using var resp = await client.PostAsync(body, ct: stop.Token);
                            if (resp.StatusCode != HttpStatusCode.Created) continue;
                            var json = JsonNode.Parse(await resp.Content.ReadAsStringAsync(stop.Token))!;
                            var e = BundleTlogEntry.Parse(json["tlogEntry"]!.ToJsonString(), "ack");
                            acks.Add(new Ack(e.LogIndex, Rfc9162.HashLeaf(e.CanonicalizedBody), e.Checkpoint, body, thisRound));
                        }
                        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException) { }
                    }
                })).ToArray();
                await Task.Delay(random.Next(400, 1500));
                if (round == 3)
                {
                    // Entries acknowledged before a SIGKILL are still deduplicated after it: their leaf hashes are in the
                    // store's lookup table or, behind its mark, reloaded into memory when the store opened.
                    using var again = new LogTestClient($"http://127.0.0.1:{port}", token);
                    foreach (var old in acks.Where(a => a.Round < 3).OrderBy(a => a.Index).Where((_, k) => k % 7 == 0).Take(60))
                    {
                        using var resp = await again.PostAsync(old.Body);
                        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
                        Assert.Equal(old.Index, BundleTlogEntry.Parse(JsonNode.Parse(await resp.Content.ReadAsStringAsync())!["tlogEntry"]!.ToJsonString(), "resubmission").LogIndex);
                        resubmitted++;
                    }
                }
                if (round < 3) server.Kill(entireProcessTree: true); // SIGKILL, mid-load
                stop.Cancel();
                await Task.WhenAll(workers);
            }
            finally
            {
                if (!server.HasExited) server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }

        Assert.True(acks.Count > 20, $"only {acks.Count} entries were acknowledged");
        var key = (Ed25519NoteVerifier)NoteVerifierKey.Parse(File.ReadAllText(Path.Combine(dir.Path, "log.vkey")).Trim());
        using var store = new SqliteLogStore(Path.Combine(dir.Path, "log.db"));
        var (size, _) = store.Open();
        var source = new TiledHashSource(store);
        var finalRoot = source.SubtreeHash(0, size);
        foreach (var ack in acks)
        {
            Assert.True(ack.Index < size);
            var stored = store.ReadEntries(ack.Index, 1);
            Assert.Equal(ack.LeafHash, Rfc9162.HashLeaf(Assert.Single(stored)));
        }
        foreach (var note in acks.Select(a => a.Checkpoint).Distinct())
        {
            var signed = SignedNote.Parse(note, "ack checkpoint");
            Assert.True(signed.Verify([key]).IsValid);
            var cp = Checkpoint.Parse(signed.Text, "ack checkpoint");
            Assert.True(cp.TreeSize <= size);
            Assert.Equal(cp.RootHash, source.SubtreeHash(0, cp.TreeSize));
            if (cp.TreeSize < size)
            {
                Assert.True(ConsistencyProof.Verify(cp.TreeSize, size, ConsistencyProof.Generate(source, cp.TreeSize, size), cp.RootHash, finalRoot).IsValid);
            }
        }
        Assert.Equal(acks.Count, acks.Select(a => a.Index).Distinct().Count());
        Assert.True(resubmitted > 5, $"only {resubmitted} entries from before the kills were resubmitted");
        Assert.Equal(acks.Select(a => (ulong?)a.Index), store.FindLeaves([.. acks.Select(a => a.LeafHash)]));
    }

    private static Process StartServer(string dataDir, int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "provenant.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "log", "serve", "--data", dataDir, "--urls", $"http://127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitReadyAsync(int port, Process server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, "the log server exited during start-up");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/checkpoint")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the log server did not start within 30 s");
    }
}
