// Load generator for the transparency log (bench/tlog-load.sh runs it). Bounded in count and time.
// Usage: LogLoad URL TOKENFILE VKEYFILE [--clients N] [--seconds S] [--max N] [--batch B] [--warmup S] [--tile-clients N] [--server-pid P]
// --batch B > 1 posts B submissions per request to /api/v1/log/entries/batch; latency is then per request (each of
// its entries is acknowledged when the request returns).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Tiles;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

var url = args[0].TrimEnd('/') + "/";
var token = File.ReadAllText(args[1]).Trim();
var vkey = (Ed25519NoteVerifier)NoteVerifierKey.Parse(File.ReadAllText(args[2]).Trim());
int clients = Opt("--clients", 64), seconds = Opt("--seconds", 10), max = Opt("--max", 200_000), batch = Opt("--batch", 1);
int Opt(string name, int d) { var i = Array.IndexOf(args, name); return i >= 0 ? int.Parse(args[i + 1]) : d; }
// --server-pid P: the server's process id, to report its CPU time per appended entry (read from /proc/P/stat).
var serverPid = Opt("--server-pid", 0);

// Pre-sign submissions so the client's signing cost is not measured.
using var key = EcKeys.Generate(EcCurve.P256);
var pem = PublicKeyPem.Encode(key);
var signer = new BundleSigner(key);
var run = Guid.NewGuid().ToString("N");
var bodies = new byte[Math.Min(max, 400_000)][];
Parallel.For(0, bodies.Length, i =>
{
    var st = $"{{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{{\"name\":\"m{i}-{run}\",\"digest\":{{\"sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run + i)))}\"}}}}],\"predicateType\":\"https://model_signing/signature/v1.0\",\"predicate\":{{}}}}";
    bodies[i] = Encoding.UTF8.GetBytes(new JsonObject { ["bundle"] = JsonNode.Parse(signer.Sign(Encoding.UTF8.GetBytes(st)).ToJsonBytes()), ["publicKey"] = pem }.ToJsonString());
});
// Batch request bodies are built before the clock starts too, so the generator (sharing the server's cores) only sends.
var batchBodies = batch == 1 ? [] : Enumerable.Range(0, bodies.Length / batch).Select(k => JoinArray(bodies, k * batch, batch)).ToArray();
var json = new MediaTypeHeaderValue("application/json");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var next = -1;
var failures = 0;
// Warm-up (--warmup S, default 2 s; not counted): the server's JIT tiers up and its caches fill before the clock starts,
// so the figures are sustained rates, not start-up.
await Appends(TimeSpan.FromSeconds(Opt("--warmup", 2)), new List<double>[clients]);
var warmupFailures = Interlocked.Exchange(ref failures, 0);
var lat = new List<double>[clients];
var serverCpu0 = ServerCpuSeconds(serverPid);
var selfCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var sw = Stopwatch.StartNew();
await Appends(TimeSpan.FromSeconds(seconds), lat);
Task Appends(TimeSpan duration, List<double>[] latencies)
{
    var clock = Stopwatch.StartNew();
    return Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        latencies[c] = [];
        while (clock.Elapsed < duration)
        {
            var i = Interlocked.Add(ref next, batch) - batch + 1;
            if (i + batch > bodies.Length) break;
            var t0 = Stopwatch.GetTimestamp();
            if (batch == 1)
            {
                using var resp = await http.PostAsync("api/v1/log/entries", Content(bodies[i]));
                if ((int)resp.StatusCode != 201) { Interlocked.Increment(ref failures); continue; }
                latencies[c].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                continue;
            }
            using var r = await http.PostAsync("api/v1/log/entries/batch", Content(batchBodies[i / batch]));
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if ((int)r.StatusCode != 200) { Interlocked.Add(ref failures, batch); continue; }
            // Only each item's "status" is needed: scan with Utf8JsonReader instead of building a DOM of 100 proofs, so
            // the load generator (on the same 2 cores) spends as little CPU as it can.
            var (ok, failed) = CountStatuses(await r.Content.ReadAsByteArrayAsync());
            for (var k = 0; k < ok; k++) latencies[c].Add(ms);
            Interlocked.Add(ref failures, failed);
        }
    }));
}
ByteArrayContent Content(byte[] body) { var c = new ByteArrayContent(body); c.Headers.ContentType = json; return c; }
var elapsed = sw.Elapsed.TotalSeconds;
var serverCpu = ServerCpuSeconds(serverPid) - serverCpu0;
var selfCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - selfCpu0;
var all = lat.SelectMany(l => l).Order().ToArray();
double P(double[] a, double q) => a.Length == 0 ? double.NaN : a[Math.Min(a.Length - 1, (int)(q * a.Length))];

// Tile reads: random level-0 tiles within the published tree, concurrently.
var cpText = await http.GetStringAsync("checkpoint");
var note = SignedNote.Parse(cpText, "checkpoint");
if (!note.Verify([vkey]).IsValid) throw new InvalidOperationException("checkpoint does not verify");
var cp = Checkpoint.Parse(note.Text, "checkpoint");
var full = (long)(cp.TreeSize / 256);
var rnd = new Random(1);
var paths = Enumerable.Range(0, 20_000).Select(_ => full > 0 ? new TilePath(0, (ulong)rnd.NextInt64(full), 0).ToString() : new TilePath(0, 0, TileMath.PartialWidth(0, cp.TreeSize)).ToString()).ToArray();
// Closed loop: with C clients always waiting, latency ≈ C / rate (Little's law) once the 2 cores are saturated, so the
// phase is run at the append phase's client count and, unless that is already it, at --tile-clients (default 8).
// The tile route is warmed up first (2 s of reads from 8 clients, not counted): the first reads after the append phase
// otherwise time the JIT compiling and tiering up the read path, not tile serving.
var warm = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
{
    for (var i = c; warm.Elapsed < TimeSpan.FromSeconds(2); i = (i + 8) % paths.Length) await http.GetByteArrayAsync(paths[i]);
}));
var tileRuns = new List<(int Clients, double Rate, double[] Lat, double ServerUs)>();
foreach (var tc in new[] { clients, Opt("--tile-clients", 8) }.Distinct())
{
    var tileLat = new List<double>[tc];
    var tn = -1;
    var tcpu0 = ServerCpuSeconds(serverPid);
    var tsw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, tc).Select(async c =>
    {
        tileLat[c] = [];
        int i;
        while ((i = Interlocked.Increment(ref tn)) < paths.Length)
        {
            var t0 = Stopwatch.GetTimestamp();
            var b = await http.GetByteArrayAsync(paths[i]);
            tileLat[c].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    }));
    tileRuns.Add((tc, paths.Length / tsw.Elapsed.TotalSeconds, tileLat.SelectMany(l => l).Order().ToArray(), (ServerCpuSeconds(serverPid) - tcpu0) * 1e6 / paths.Length));
}

// Client-side: verify 1,000 inclusion proofs (proofs computed from fetched tiles beforehand).
var tiles = new Dictionary<(int, ulong), byte[]>();
async Task<byte[]?> Fetch(int level, ulong index)
{
    if (tiles.TryGetValue((level, index), out var t)) return t;
    var count = TileMath.HashCount(level, cp.TreeSize);
    var w = (index + 1) * 256 <= count ? 0 : (int)(count - index * 256);
    if (w < 0 || (w == 0 && (index + 1) * 256 > count)) return null;
    t = await http.GetByteArrayAsync(new TilePath(level, index, w).ToString());
    tiles[(level, index)] = t;
    return t;
}
for (var level = 0; TileMath.HashCount(level, cp.TreeSize) > 0; level++)
    for (ulong i = 0; i * 256 < TileMath.HashCount(level, cp.TreeSize); i++) await Fetch(level, i);
var reader = new DictReader(tiles);
var src = new TiledHashSource(reader);
var proofs = Enumerable.Range(0, 1000).Select(k => { var idx = (ulong)rnd.NextInt64((long)cp.TreeSize); return (idx, leaf: tiles[(0, idx / 256)].AsSpan((int)(idx % 256) * 32, 32).ToArray(), proof: InclusionProof.Generate(src, idx, cp.TreeSize)); }).ToArray();
var vsw = Stopwatch.StartNew();
var ok = proofs.Count(p => InclusionProof.Verify(p.idx, cp.TreeSize, p.leaf, p.proof, cp.RootHash).IsValid);
var verifyMs = vsw.Elapsed.TotalMilliseconds;

Console.WriteLine($"| appends{(batch > 1 ? $" ({batch}/request, {clients} clients)" : $" (1/request, {clients} clients)")} | {all.Length} acknowledged in {elapsed:F1} s ({failures} failed) | {all.Length / elapsed:F0} /s | p50 {P(all, 0.5):F1} ms | p99 {P(all, 0.99):F1} ms |");
if (warmupFailures > 0) Console.WriteLine($"| warm-up | {warmupFailures} failed | | | |");
if (all.Length > 0) Console.WriteLine($"| CPU per acknowledged entry | server {(serverPid > 0 ? $"{serverCpu * 1e6 / all.Length:F0} µs" : "n/a")} | load generator {selfCpu * 1e6 / all.Length:F0} µs | | |");
foreach (var (tc, tileRate, tl, tus) in tileRuns)
    Console.WriteLine($"| tile reads ({tc} clients{(serverPid > 0 ? $", server {tus:F0} µs CPU each" : "")}) | {paths.Length} | {tileRate:F0} /s | p50 {P(tl, 0.5):F2} ms | p99 {P(tl, 0.99):F2} ms |");
Console.WriteLine($"| verify 1,000 inclusion proofs (client) | {ok} valid | | {verifyMs:F1} ms total | tree size {cp.TreeSize} |");
return ok == 1000 ? 0 : 1;

static (int Ok, int Failed) CountStatuses(byte[] json)
{
    var reader = new System.Text.Json.Utf8JsonReader(json);
    int ok = 0, failed = 0;
    while (reader.Read())
    {
        if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("status"u8))
        {
            reader.Read();
            if (reader.GetInt32() == 201) ok++;
            else failed++;
        }
    }
    return (ok, failed);
}

static byte[] JoinArray(byte[][] items, int start, int count)
{
    var buf = new byte[2 + items.Skip(start).Take(count).Sum(b => b.Length + 1)];
    var at = 0;
    buf[at++] = (byte)'[';
    for (var k = 0; k < count; k++)
    {
        if (k > 0) buf[at++] = (byte)',';
        items[start + k].CopyTo(buf, at);
        at += items[start + k].Length;
    }
    buf[at++] = (byte)']';
    return buf[..at];
}

// utime + stime of a process in seconds (Linux /proc; clock ticks are 100 Hz there), or 0 when not given or not readable.
static double ServerCpuSeconds(int pid)
{
    if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return 0;
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(f[11]) + long.Parse(f[12])) / 100.0;
}

sealed class DictReader(Dictionary<(int, ulong), byte[]> tiles) : ITileReader
{
    public byte[]? ReadTile(int level, ulong index) => tiles.TryGetValue((level, index), out var t) ? t : null;
}
