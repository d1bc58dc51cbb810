// Times the Ligero multilinear PCS (Provenant.Proofs.Commitment): commit, open at POINTS random extension-field
// points, verify, and the serialized opening size, for 2^n random int8-range evaluations (the shape of quantized
// weights). Best of RUNS after one warm-up; verify is checked to succeed every time. The last three columns are the
// batched opening (BatchedOpening: sumcheck reduction of 8 claims to one opening), the claims lying in 8 equal
// aligned slots like the weight tensors of a model (WeightCommitment.MapPoint). "commit CPU ms" is the process CPU
// time of the best commit run (both cores together): on a loaded machine it is the fairer figure.
// Every size is measured under both security profiles (docs/proof-system-pcs.md): conjectured (the default) and provable.
// Usage: PcsBench RUNS POINTS LOG2SIZE...   (prints a Markdown table)
using System.Diagnostics;
using System.Globalization;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Bench;

var inv = CultureInfo.InvariantCulture;
int runs = int.Parse(args[0], inv), pointCount = int.Parse(args[1], inv);
var sizes = args[2..].Select(a => int.Parse(a, inv)).ToArray();
Console.WriteLine($"{Environment.ProcessorCount} cores; best of {runs} runs after one warm-up; {pointCount} point(s) per opening");
Console.WriteLine();
Console.WriteLine("| evaluations | profile | matrix (rows × k → n_code) | commit ms | commit CPU ms | open ms | verify ms | proof bytes | security bits | batched open (8 claims) ms | batched verify ms | batched proof bytes |");
Console.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (int n in sizes)
foreach (var profile in new[] { PcsSecurityProfile.Conjectured, PcsSecurityProfile.Provable })
{
    var rng = new Random(n);
    var values = Enumerable.Range(0, 1 << n).Select(_ => Goldilocks.FromInt64(rng.Next(-128, 128))).ToArray();
    var points = Enumerable.Range(0, pointCount).Select(_ => Enumerable.Range(0, n).Select(_ =>
        new GoldilocksExt2(Goldilocks.FromUInt64((ulong)rng.NextInt64()), Goldilocks.FromUInt64((ulong)rng.NextInt64()))).ToArray()).ToArray();
    PcsCommitment commitment = null!;
    PcsProverData data = null!;
    double commitCpuMs = double.MaxValue;
    double commitMs = BenchTiming.Best(runs, () =>
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        (commitment, data) = MultilinearPcs.Commit(values, n, profile);
        commitCpuMs = Math.Min(commitCpuMs, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
    });
    GoldilocksExt2[] claimed = [];
    PcsOpeningProof proof = null!;
    double openMs = BenchTiming.Best(runs, () => (claimed, proof) = MultilinearPcs.Open(data, points, new Transcript("bench")));
    var bytes = proof.ToBytes();
    double verifyMs = BenchTiming.Best(runs, () =>
    {
        var r = MultilinearPcs.Verify(commitment, points, claimed, bytes, new Transcript("bench"));
        if (!r.IsValid) throw new InvalidOperationException(r.ToString());
    });
    var batchPoints = Enumerable.Range(0, 8).Select(slot => Enumerable.Range(0, n).Select(i => i < n - 3
        ? new GoldilocksExt2(Goldilocks.FromUInt64((ulong)rng.NextInt64()), Goldilocks.FromUInt64((ulong)rng.NextInt64()))
        : ((slot >> (i - (n - 3))) & 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero).ToArray()).ToArray();
    BatchedOpeningProof batched = null!;
    GoldilocksExt2[] batchValues = [];
    double batchOpenMs = BenchTiming.Best(runs, () => (batchValues, batched) = BatchedOpening.Open(data, batchPoints, new Transcript("bench")));
    var batchBytes = batched.ToBytes();
    double batchVerifyMs = BenchTiming.Best(runs, () =>
    {
        var r = BatchedOpening.Verify(commitment, batchPoints, batchValues, batchBytes, new Transcript("bench"));
        if (!r.IsValid) throw new InvalidOperationException(r.ToString());
    });
    var p = commitment.Parameters;
    Console.WriteLine(string.Create(inv,
        $"| 2^{n} | {profile.ToString().ToLowerInvariant()} | {p.RowCount} × {p.RowLength} → {p.CodewordLength} | {commitMs:F0} | {commitCpuMs:F0} | {openMs:F1} | {verifyMs:F1} | {bytes.Length:N0} | {p.SecurityBits():F2} | {batchOpenMs:F0} | {batchVerifyMs:F1} | {batchBytes.Length:N0} |"));
    data = null!;
    GC.Collect();
}

