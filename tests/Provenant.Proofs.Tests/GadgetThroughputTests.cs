using System.Diagnostics;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests;

/// <summary>Prover/verifier timings at model scale (opt-in: PROVENANT_PROOF_BENCH=1); figures go to the test output.</summary>
public class GadgetThroughputTests(ITestOutputHelper output)
{
    private const string Variable = "PROVENANT_PROOF_BENCH";

    private double Time(string what, Action action, int repeats = 3)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"{what}: best of {repeats} = {best:F1} ms");
        return best;
    }

    [OptInFact(Variable)]
    public void Throughput_figures()
    {
        var rng = new Random(1);
        output.WriteLine($"cores: {Environment.ProcessorCount}");
        // Sumcheck of a product of two 2^20 tables.
        var a = TestField.ExtVector(rng, 1 << 20);
        var b = TestField.ExtVector(rng, 1 << 20);
        Time("sumcheck f·g, n = 20 (prover)", () => SumcheckProver.Prove([(GoldilocksExt2[])a.Clone(), (GoldilocksExt2[])b.Clone()], new ProductFunction(2), new Transcript("b")));

        // Matrix products.
        foreach (var (m, k, n) in new[] { (256, 256, 256), (784, 288, 32), (1, 4096, 1024) })
        {
            var s = new MatMulStatement("a", "b", "bias", m, k, n, true);
            var av = TestField.SmallVector(rng, m * k, -128, 128);
            var bv = TestField.SmallVector(rng, k * n, -127, 128);
            var bias = TestField.SmallVector(rng, n, -1000, 1000);
            var r = new Transcript("b").ChallengeExtVector("r", s.OutputLayout.VariableCount);
            var product = new Goldilocks[m * n];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    var acc = bias[j];
                    for (int q = 0; q < k; q++) acc += av[i * k + q] * bv[j * k + q];
                    product[i * n + j] = acc;
                }
            }
            var claim = new EvaluationClaim("c", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(s.OutputLayout.Pad(product), r, static v => v));
            MatMulProof? proof = null;
            Time($"matmul [{m}x{k}]·[{k}x{n}] prover (product and output claim excluded)", () => proof = MatMulGadget.Prove(s, av, bv, bias, claim, new Transcript("m")).Proof);
            Time($"matmul [{m}x{k}]·[{k}x{n}] verifier", () => Assert.True(MatMulGadget.Verify(s, claim, proof, new Transcript("m")).IsValid));
        }

        // Direct convolutions: 32→64 channels 3×3 pad 1 on 28×28 (14.5M MACs), LeNet conv2 6→16 5×5 on 14×14.
        foreach (var (c, h, m, k, pad) in new[] { (32, 28, 64, 3, 1), (6, 14, 16, 5, 0) })
        {
            int o = h + 2 * pad - k + 1;
            var cs = new ConvStatement("x", "w", "b", [1, c, h, h], m, k, k, 1, 1, pad, pad, o, o, -3);
            var xv = TestField.SmallVector(rng, c * h * h, -128, 128);
            var wv = TestField.SmallVector(rng, m * c * k * k, -127, 128);
            var bv = TestField.SmallVector(rng, m, -1000, 1000);
            var r = new Transcript("b").ChallengeExtVector("r", cs.OutputLayout.VariableCount);
            var y = new Goldilocks[m * o * o];
            var three = Goldilocks.FromInt64(-3);
            for (int mi = 0; mi < m; mi++)
            {
                for (int oy = 0; oy < o; oy++)
                {
                    for (int ox = 0; ox < o; ox++)
                    {
                        var acc = bv[mi];
                        for (int ci = 0; ci < c; ci++)
                        {
                            for (int i = 0; i < k; i++)
                            {
                                int yy = oy + i - pad;
                                if (yy < 0 || yy >= h) continue;
                                for (int j = 0; j < k; j++)
                                {
                                    int xx = ox + j - pad;
                                    if (xx >= 0 && xx < h) acc += (xv[(ci * h + yy) * h + xx] - three) * wv[((mi * c + ci) * k + i) * k + j];
                                }
                            }
                        }
                        y[(mi * o + oy) * o + ox] = acc;
                    }
                }
            }
            var claim = new EvaluationClaim("y", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(cs.OutputLayout.Pad(y), r, static v => v));
            ConvProof? cp = null;
            Time($"conv {c}->{m} {k}x{k} on {h}x{h} prover (output claim excluded)", () => cp = ConvGadget.Prove(cs, xv, wv, bv, claim, new Transcript("c")).Proof);
            Time($"conv {c}->{m} {k}x{k} on {h}x{h} verifier", () => Assert.True(ConvGadget.Verify(cs, claim, cp, new Transcript("c")).IsValid));
        }

        // logUp: 2^20 lookups into range16 (4 tensors of 2^18).
        var layout = new TensorLayout(1 << 18);
        var inputs = Enumerable.Range(0, 4).Select(i => new LookupInput([$"w{i}"], layout)).ToArray();
        var columns = inputs.Select(_ => new[] { TestField.SmallVector(rng, 1 << 18, 0, 1 << 16) }).ToArray();
        var table = LookupTable.Range(16);
        var mult = LogUp.Multiplicities(table, inputs, columns, out _);
        LogUpProof? lookup = null;
        Time("logUp 2^20 lookups into range16 prover", () => lookup = LogUp.Prove(table, "m", inputs, columns, mult, new Transcript("l")).Proof, 2);
        Time("logUp 2^20 lookups into range16 verifier", () => Assert.True(LogUp.Verify(table, "m", inputs, lookup, new Transcript("l")).IsValid), 2);

        // Requantize 2^16 elements, 64 channels.
        var rl = new TensorLayout(1024, 64);
        var st = new RequantizeStatement("acc", "y", rl, 1, Enumerable.Range(0, 64).Select(_ => rng.NextInt64(1L << 30, 1L << 31)).ToArray(),
            Enumerable.Range(0, 64).Select(_ => rng.Next(38, 40)).ToArray(), -3, -3, 127, 22);
        var x = Enumerable.Range(0, 1 << 16).Select(_ => rng.NextInt64(-(1L << 21), 1L << 21)).ToArray();
        RequantizeWitness? w = null;
        Time("requantize witness 2^16", () => w = RequantizeWitness.Compute(st, x), 2);
        var yr = new Transcript("b").ChallengeExtVector("r", rl.VariableCount);
        var yclaim = new EvaluationClaim("y", yr, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(w!.OutputTable, yr, static v => v));
        RequantizeProof? rq = null;
        Time("requantize gadget 2^16 prover (range checks excluded)", () => rq = RequantizeGadget.Prove(st, w!, yclaim, new Transcript("q")).Proof, 2);
        Time("requantize gadget 2^16 verifier", () => Assert.True(RequantizeGadget.Verify(st, yclaim, rq, new Transcript("q")).IsValid), 2);
        output.WriteLine($"requantize 2^16: {st.Advice.Count} advice tensors, {st.LookupObligations().Count} lookup obligations");
    }
}
