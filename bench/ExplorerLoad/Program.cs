// Load benchmark for the provenance API (bench/explorer-load.sh runs it).
// Usage: ExplorerLoad SAMPLES DEMO_WORK DATA_DIR [--entries N] [--clients C] [--seconds S]
// 1. Builds a SQLite log of N synthetic entries directly through the store (tiles via TreeEdge, batches of 10,000),
//    each indexed under its own subject digest, so lookups run against an index of N entries.
// 2. Starts the server (LogHost, in this process) on that store and records the demo's real chain (DemoChain) on top.
// 3. Runs C concurrent loopback clients for S seconds against each of: the model page API (chain of the real model,
//    every link verified), a subject lookup of random synthetic digests, and POST /api/v1/verify of the real model bundle.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Provenant.Cli;
using Provenant.Cli.Commands;
using Provenant.Core.Merkle;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tiles;
using Provenant.Server.Log;

var samples = args[0];
var demo = args[1];
var data = args[2];
int entries = Opt("--entries", 1_000_000), clients = Opt("--clients", 200), seconds = Opt("--seconds", 30);
int Opt(string name, int d) { var i = Array.IndexOf(args, name); return i >= 0 ? int.Parse(args[i + 1]) : d; }

Directory.CreateDirectory(data);
var dbPath = Path.Combine(data, "log.db");
var build = Stopwatch.StartNew();
using (var store = new SqliteLogStore(dbPath))
{
    var (size, _) = store.Open();
    var edge = TreeEdge.Load(store, size);
    const int batch = 10_000;
    var loggedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3000;
    while (edge.Size < (ulong)entries)
    {
        var start = edge.Size;
        var n = (int)Math.Min(batch, (ulong)entries - start);
        var data_ = new byte[n][];
        var leaves = new byte[n][];
        var indexed = new IndexedEntry[n];
        for (var k = 0; k < n; k++)
        {
            var i = start + (ulong)k;
            var digest = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)));
            data_[k] = Encoding.UTF8.GetBytes($"{{\"synthetic\":{i},\"subject\":\"{digest}\"}}");
            leaves[k] = Rfc9162.HashLeaf(data_[k]);
            indexed[k] = new IndexedEntry(i, "https://model_signing/signature/v1.0", data_[k], loggedAt + (long)(i * 3000UL / (ulong)entries),
                [new SubjectLink("sha256:" + digest, SubjectRelation.Subject, $"synthetic-model-{i}")]);
        }
        var grown = TreeEdge.Load(edge, start);
        var tiles = grown.Append(leaves);
        store.Integrate(new IntegrationBatch(start, leaves, data_, tiles));
        store.IndexEntries(indexed);
        edge = grown;
    }
}
var buildSeconds = build.Elapsed.TotalSeconds;

await using var host = await LogHost.StartAsync(new LogServerOptions { DataDirectory = data, Urls = ["http://127.0.0.1:0"], WriteRequestsPerSecond = 0 });
var url = host.Addresses[0].TrimEnd('/') + "/";
var quiet = new StringWriter();
var (ok, model) = await DemoChain.PublishAsync(new CliConsole(quiet, quiet, false), samples, demo, new Uri(url), host.TokenPath);
if (!ok) throw new InvalidOperationException("the demo chain could not be recorded:\n" + quiet);
var treeSize = host.Log.Published.Checkpoint.TreeSize;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
var chain = JsonNode.Parse(await http.GetStringAsync($"api/v1/models/{model}/chain"))!;
var statuses = string.Join(" ", chain["links"]!.AsArray().Select(l => $"{l!["stage"]}={l["status"]}"));
var verifyBody = new JsonObject
{
    ["kind"] = "bundle",
    ["bundle"] = JsonNode.Parse(File.ReadAllText(Path.Combine(demo, "digits-mlp.sig"))),
    ["publicKey"] = File.ReadAllText(Path.Combine(demo, "key.pub.pem")),
}.ToJsonString();
var verified = JsonNode.Parse(await (await http.PostAsync("api/v1/verify", new StringContent(verifyBody, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!["valid"]!.GetValue<bool>();

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; log {treeSize} entries (synthetic {entries} built in {buildSeconds:F1} s through the store, + the demo chain); {clients} clients x {seconds} s per endpoint, server and clients in one process on loopback");
Console.WriteLine($"model page chain: {statuses}; verify of the model bundle: valid={verified}");
Console.WriteLine("| endpoint | requests | errors | req/s | p50 ms | p99 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|---|---|");
await Run("GET /api/v1/models/{digest}/chain (model page)", _ => http.GetAsync($"api/v1/models/{model}/chain"));
var rnd = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
await Run($"GET /api/v1/subjects/{{digest}} (random of {entries})", _ =>
    http.GetAsync("api/v1/subjects/sha256:" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes((ulong)rnd.Value!.NextInt64(entries))))));
await Run("POST /api/v1/verify (model bundle)", _ => http.PostAsync("api/v1/verify", new StringContent(verifyBody, Encoding.UTF8, "application/json")));

async Task Run(string name, Func<int, Task<HttpResponseMessage>> send)
{
    // Warm-up, then the measured window.
    for (var i = 0; i < 20; i++) (await send(i)).Dispose();
    var lat = new List<double>[clients];
    var errors = 0;
    var sw = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        lat[c] = [];
        while (sw.Elapsed < deadline)
        {
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var r = await send(c);
                await r.Content.ReadAsByteArrayAsync();
                if (!r.IsSuccessStatusCode) { Interlocked.Increment(ref errors); continue; }
                lat[c].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            catch (HttpRequestException) { Interlocked.Increment(ref errors); }
            catch (TaskCanceledException) { Interlocked.Increment(ref errors); }
        }
    }));
    var elapsed = sw.Elapsed.TotalSeconds;
    var all = lat.SelectMany(l => l).Order().ToArray();
    double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
    Console.WriteLine($"| {name} | {all.Length} | {errors} | {all.Length / elapsed:F0} | {P(0.50):F1} | {P(0.99):F1} | {(all.Length == 0 ? double.NaN : all[^1]):F1} |");
}
