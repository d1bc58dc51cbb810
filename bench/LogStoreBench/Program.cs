// In-process SQLite log store benchmark: CPU per entry of SqliteLogStore.FindLeaves (the sequencer's dedup lookup) and Integrate for batches shaped like
// bench/LogLoad's (a ~560-byte Rekor dsse entry, a ~900-byte submission, one subject link with a random sha256 digest),
// with and without provenance-index rows. Isolates the store from HTTP, JSON and signature verification.
// Usage: dotnet bench/LogStoreBench/bin/Release/net10.0/LogStoreBench.dll [ENTRIES] [BATCH]; SUBMISSION_BYTES=N sets the
// submission size (default 900).
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Storage;

var total = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var batch = args.Length > 1 ? int.Parse(args[1]) : 100;
Console.WriteLine($"entries {total}, batch {batch}, load average at start: {File.ReadAllText("/proc/loadavg")[..14]}");
Console.WriteLine("| rows | entries | wall | CPU per entry | bytes written per entry | bytes read per entry |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var indexed in new[] { false, true, false, true })
{
    var dir = Directory.CreateTempSubdirectory("logstorebench");
    try
    {
        using var store = new SqliteLogStore(Path.Combine(dir.FullName, "log.db"));
        store.Open();
        var run = Guid.NewGuid().ToString("N");
        var rng = new Random(1);
        var tile = new byte[256 * 32];
        Run(store, 0, Math.Min(total, 10_000)); // warm-up (not counted): JIT, page cache
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var (written0, read0) = (ProcIo("wchar"), ProcIo("rchar"));
        var sw = Stopwatch.StartNew();
        Run(store, (ulong)Math.Min(total, 10_000), total);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine($"| {(indexed ? "log + index" : "log only")} | {total:N0} | {sw.Elapsed.TotalSeconds:F2} s | {cpu.TotalMicroseconds / total:F1} µs | {(ProcIo("wchar") - written0) / total:N0} | {(ProcIo("rchar") - read0) / total:N0} |");

        // Bytes this process passed to write(2)/pwrite(2) ("wchar": the WAL frames and the checkpoint's copies of them into
        // the database file) or got from read(2)/pread(2) ("rchar": pages not in SQLite's cache), from Linux /proc/self/io.
        static long ProcIo(string field) => long.Parse(File.ReadLines("/proc/self/io").First(l => l.StartsWith(field + ":"))[(field.Length + 1)..]);

        void Run(SqliteLogStore s, ulong start, int count)
        {
            for (var done = 0; done < count; done += batch)
            {
                var n = Math.Min(batch, count - done);
                var first = start + (ulong)done;
                var leaves = new byte[n][];
                var entries = new byte[n][];
                var rows = new List<IndexedEntry>(n);
                for (var k = 0; k < n; k++)
                {
                    var i = first + (ulong)k;
                    leaves[k] = SHA256.HashData(Encoding.UTF8.GetBytes(run + "leaf" + i));
                    entries[k] = new byte[560];
                    rng.NextBytes(entries[k]);
                    if (!indexed) continue;
                    var submission = new byte[int.Parse(Environment.GetEnvironmentVariable("SUBMISSION_BYTES") ?? "900")];
                    rng.NextBytes(submission);
                    var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run + i)));
                    rows.Add(new IndexedEntry(i, "https://model_signing/signature/v1.0", submission, 1_700_000_000 + (long)i / 10_000,
                        [new SubjectLink(digest, SubjectRelation.Subject, $"m{i}-{run}")]));
                }
                var end = first + (ulong)n;
                var tiles = new List<(int, ulong, byte[])> { (0, (end - 1) / 256, tile[..(int)(((end - 1) % 256 + 1) * 32)]) };
                if (s.FindLeaves(leaves).Any(i => i is not null)) throw new InvalidOperationException("a fresh leaf was found"); // the sequencer's dedup lookup
                s.Integrate(new IntegrationBatch(first, leaves, entries, tiles) { Indexed = rows });
            }
        }
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        dir.Delete(true);
    }
}
