// Times the Ligero multilinear PCS (Provenant.Proofs.Commitment): commit, open at POINTS random extension-field
// points, verify, and the serialized opening size, for 2^n random int8-range evaluations (the shape of quantized
// weights). Best of RUNS after one warm-up; verify is checked to succeed every time.
// Usage: PcsBench RUNS POINTS LOG2SIZE...   (prints a Markdown table)
using System.Diagnostics;
using System.Globalization;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;

var inv = CultureInfo.InvariantCulture;
int runs = int.Parse(args[0], inv), pointCount = int.Parse(args[1], inv);
var sizes = args[2..].Select(a => int.Parse(a, inv)).ToArray();
Console.WriteLine($"{Environment.ProcessorCount} cores; best of {runs} runs after one warm-up; {pointCount} point(s) per opening");
Console.WriteLine();
Console.WriteLine("| evaluations | matrix (rows × k → n_code) | commit ms | open ms | verify ms | proof bytes | security bits |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
foreach (int n in sizes)
{
    var rng = new Random(n);
    var values = Enumerable.Range(0, 1 << n).Select(_ => Goldilocks.FromInt64(rng.Next(-128, 128))).ToArray();
    var points = Enumerable.Range(0, pointCount).Select(_ => Enumerable.Range(0, n).Select(_ =>
        new GoldilocksExt2(Goldilocks.FromUInt64((ulong)rng.NextInt64()), Goldilocks.FromUInt64((ulong)rng.NextInt64()))).ToArray()).ToArray();
    PcsCommitment commitment = null!;
    PcsProverData data = null!;
    double commitMs = Best(runs, () => (commitment, data) = MultilinearPcs.Commit(values));
    GoldilocksExt2[] claimed = [];
    PcsOpeningProof proof = null!;
    double openMs = Best(runs, () => (claimed, proof) = MultilinearPcs.Open(data, points, new Transcript("bench")));
    var bytes = proof.ToBytes();
    double verifyMs = Best(runs, () =>
    {
        var r = MultilinearPcs.Verify(commitment, points, claimed, bytes, new Transcript("bench"));
        if (!r.IsValid) throw new InvalidOperationException(r.ToString());
    });
    var p = commitment.Parameters;
    Console.WriteLine(string.Create(inv,
        $"| 2^{n} | {p.RowCount} × {p.RowLength} → {p.CodewordLength} | {commitMs:F0} | {openMs:F1} | {verifyMs:F1} | {bytes.Length:N0} | {p.SecurityBits():F1} |"));
    data = null!;
    GC.Collect();
}

static double Best(int runs, Action action)
{
    action();
    double best = double.MaxValue;
    for (int i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        action();
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
    }
    return best;
}
