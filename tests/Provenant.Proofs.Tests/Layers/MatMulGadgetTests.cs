using System.Diagnostics;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Layers;

public class MatMulGadgetTests(ITestOutputHelper output)
{
    private sealed record Instance(MatMulStatement S, Goldilocks[] A, Goldilocks[] B, Goldilocks[] Bias, Goldilocks[] C);

    private static Instance Random(Random rng, int m, int k, int n, bool transposed, bool bias, long zp)
    {
        var s = new MatMulStatement("a", "b", bias ? "bias" : null, m, k, n, transposed, zp);
        var a = TestField.SmallVector(rng, m * k, -128, 128);
        var b = TestField.SmallVector(rng, k * n, -127, 128);
        var bi = bias ? TestField.SmallVector(rng, n, -100000, 100000) : [];
        return new Instance(s, a, b, bi, Multiply(s, a, b, bi));
    }

    /// <summary>Reference integer product (int32 accumulation as the integer engine does, embedded afterwards).</summary>
    private static Goldilocks[] Multiply(MatMulStatement s, Goldilocks[] a, Goldilocks[] b, Goldilocks[] bias)
    {
        var c = new Goldilocks[s.Rows * s.Columns];
        for (int i = 0; i < s.Rows; i++)
        {
            for (int j = 0; j < s.Columns; j++)
            {
                long acc = bias.Length > 0 ? bias[j].ToSigned() : 0;
                for (int k = 0; k < s.Inner; k++)
                {
                    long w = s.WeightsTransposed ? b[j * s.Inner + k].ToSigned() : b[k * s.Columns + j].ToSigned();
                    acc += (a[i * s.Inner + k].ToSigned() - s.AZeroPoint) * w;
                }
                c[i * s.Columns + j] = Goldilocks.FromInt64(acc);
            }
        }
        return c;
    }

    private static ClaimOracle Oracle(Instance x) => new ClaimOracle()
        .Add("a", x.S.ALayout.Pad(x.A)).Add("b", x.S.BLayout.Pad(x.B)).Add("bias", new TensorLayout(x.S.Columns).Pad(x.Bias.Length == 0 ? new Goldilocks[x.S.Columns] : x.Bias));

    /// <summary>Runs prover (on possibly different operands) and verifier; true when the verifier accepts and every claim holds for the true operands.</summary>
    private static bool Accepted(Instance truth, Goldilocks[] claimedC, Goldilocks[] a, Goldilocks[] b, Goldilocks[] bias, Func<MatMulProof, MatMulProof>? tamper = null)
    {
        var layout = truth.S.OutputLayout;
        var pt = new Transcript("test/matmul");
        var r = pt.ChallengeExtVector("r", layout.VariableCount);
        var claim = new EvaluationClaim("c", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(layout.Pad(claimedC), r, x => x));
        var proved = MatMulGadget.Prove(truth.S, a, b, bias, claim, pt);
        var vt = new Transcript("test/matmul");
        var vr = vt.ChallengeExtVector("r", layout.VariableCount);
        var reduction = MatMulGadget.Verify(truth.S, claim with { Point = vr }, tamper is null ? proved.Proof : tamper(proved.Proof), vt);
        if (reduction.IsValid && tamper is null) Assert.Equal(proved.Claims.Select(c => c.Value), reduction.Claims.Select(c => c.Value));
        return reduction.IsValid && Oracle(truth).AllHold(reduction.Claims);
    }

    [Theory]
    [InlineData(1, 1, 1, false, false, 0)]
    [InlineData(4, 8, 2, false, false, 0)]
    [InlineData(3, 5, 7, false, true, 0)]
    [InlineData(6, 9, 10, true, true, -3)]
    [InlineData(16, 64, 10, true, true, 17)]
    public void Honest_products_verify(int m, int k, int n, bool transposed, bool bias, long zp)
    {
        var x = Random(new Random(m * 100 + k * 10 + n), m, k, n, transposed, bias, zp);
        Assert.True(Accepted(x, x.C, x.A, x.B, x.Bias));
    }

    [Fact]
    public void Changing_any_single_input_weight_bias_or_output_element_is_rejected()
    {
        var rng = new Random(21);
        var x = Random(rng, 5, 6, 3, true, true, 4);
        static Goldilocks[] With(Goldilocks[] v, int i, int delta)
        {
            var c = (Goldilocks[])v.Clone();
            c[i] += Goldilocks.FromInt64(delta);
            return c;
        }
        for (int i = 0; i < x.C.Length; i++) Assert.False(Accepted(x, With(x.C, i, rng.Next(1, 5)), x.A, x.B, x.Bias), $"output {i}");
        for (int i = 0; i < x.A.Length; i++)
        {
            // The prover computes with a changed input (and the output that goes with it); the claim on A fails.
            var a = With(x.A, i, 1);
            Assert.False(Accepted(x, Multiply(x.S, a, x.B, x.Bias), a, x.B, x.Bias), $"input {i}");
            Assert.False(Accepted(x, x.C, a, x.B, x.Bias), $"input {i} with the true output");
        }
        for (int i = 0; i < x.B.Length; i++)
        {
            var b = With(x.B, i, -1);
            Assert.False(Accepted(x, Multiply(x.S, x.A, b, x.Bias), x.A, b, x.Bias), $"weight {i}");
        }
        for (int i = 0; i < x.Bias.Length; i++)
        {
            var bias = With(x.Bias, i, 1);
            Assert.False(Accepted(x, Multiply(x.S, x.A, x.B, bias), x.A, x.B, bias), $"bias {i}");
        }
    }

    [Fact]
    public void Tampered_proof_messages_are_rejected_and_garbage_never_throws()
    {
        var x = Random(new Random(22), 4, 8, 4, false, true, 0);
        var one = (GoldilocksExt2)Goldilocks.One;
        Assert.False(Accepted(x, x.C, x.A, x.B, x.Bias, p => p with { AValue = p.AValue + one }));
        Assert.False(Accepted(x, x.C, x.A, x.B, x.Bias, p => p with { BValue = p.BValue + one }));
        Assert.False(Accepted(x, x.C, x.A, x.B, x.Bias, p => p with { BiasValue = p.BiasValue + one }));
        Assert.False(Accepted(x, x.C, x.A, x.B, x.Bias, p => p with { Sumcheck = new([]) }));
        Assert.False(Accepted(x, x.C, x.A, x.B, x.Bias, p => p with { Sumcheck = null! }));
        Assert.False(Accepted(x, x.C, x.A, x.B, x.Bias, _ => null!));
        var bad = MatMulGadget.Verify(x.S, new EvaluationClaim("c", [one], one), null, new Transcript("t"));
        Assert.False(bad.IsValid);
        Assert.False(MatMulGadget.Verify(x.S, new EvaluationClaim("c", null!, one), new MatMulProof(one, new([]), one, one), new Transcript("t")).IsValid);
    }

    [Fact]
    public void A_256_by_256_product_is_proven_and_verifies()
    {
        var rng = new Random(23);
        var s = new MatMulStatement("a", "b", null, 256, 256, 256);
        var a = TestField.SmallVector(rng, 256 * 256, -128, 128);
        var b = TestField.SmallVector(rng, 256 * 256, -127, 128);
        var c = Multiply(s, a, b, []);
        var layout = s.OutputLayout;
        var padded = layout.Pad(c);
        var best = double.MaxValue;
        for (int rep = 0; rep < 3; rep++)
        {
            var t = new Transcript("bench");
            var r = t.ChallengeExtVector("r", layout.VariableCount);
            var sw = Stopwatch.StartNew();
            var claim = new EvaluationClaim("c", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(padded, r, x => x));
            var proved = MatMulGadget.Prove(s, a, b, [], claim, t);
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
            var vt = new Transcript("bench");
            var vr = vt.ChallengeExtVector("r", layout.VariableCount);
            var vsw = Stopwatch.StartNew();
            var red = MatMulGadget.Verify(s, claim with { Point = vr }, proved.Proof, vt);
            output.WriteLine($"verify {vsw.Elapsed.TotalMilliseconds:F3} ms");
            Assert.True(red.IsValid);
        }
        output.WriteLine($"256x256·256x256 matmul prover (incl. output MLE evaluation, excl. the product): best of 3 = {best:F1} ms");
    }
}
