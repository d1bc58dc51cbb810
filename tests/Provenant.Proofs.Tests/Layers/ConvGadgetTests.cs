using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Layers;

public class ConvGadgetTests
{
    private sealed record Instance(ConvStatement S, Goldilocks[] X, Goldilocks[] W, Goldilocks[] Bias, Goldilocks[] Y);

    /// <summary>Reference convolution (the QConv rule: padding reads the zero point).</summary>
    private static Goldilocks[] Convolve(ConvStatement s, Goldilocks[] x, Goldilocks[] w, Goldilocks[] bias)
    {
        int n = s.InputDims[0], c = s.InputDims[1], h = s.InputDims[2], wd = s.InputDims[3];
        var y = new Goldilocks[n * s.OutputChannels * s.OutputHeight * s.OutputWidth];
        int idx = 0;
        for (int ni = 0; ni < n; ni++)
        for (int m = 0; m < s.OutputChannels; m++)
        for (int oy = 0; oy < s.OutputHeight; oy++)
        for (int ox = 0; ox < s.OutputWidth; ox++)
        {
            long acc = bias.Length > 0 ? bias[m].ToSigned() : 0;
            for (int ci = 0; ci < c; ci++)
            for (int i = 0; i < s.KernelHeight; i++)
            for (int j = 0; j < s.KernelWidth; j++)
            {
                int yy = oy * s.StrideHeight + i - s.PadTop, xx = ox * s.StrideWidth + j - s.PadLeft;
                long v = yy >= 0 && yy < h && xx >= 0 && xx < wd ? x[((ni * c + ci) * h + yy) * wd + xx].ToSigned() : s.InputZeroPoint;
                acc += (v - s.InputZeroPoint) * w[((m * c + ci) * s.KernelHeight + i) * s.KernelWidth + j].ToSigned();
            }
            y[idx++] = Goldilocks.FromInt64(acc);
        }
        return y;
    }

    private static Instance Random(Random rng, int[] dims, int m, int k, int stride, int pad, bool bias)
    {
        int oh = (dims[2] + 2 * pad - k) / stride + 1, ow = (dims[3] + 2 * pad - k) / stride + 1;
        var s = new ConvStatement("x", "w", bias ? "b" : null, dims, m, k, k, stride, stride, pad, pad, oh, ow, -3);
        var x = TestField.SmallVector(rng, (int)s.InputLayout.ElementCount, -128, 128);
        var w = TestField.SmallVector(rng, (int)s.WeightLayout.ElementCount, -127, 128);
        var b = bias ? TestField.SmallVector(rng, m, -5000, 5000) : [];
        return new Instance(s, x, w, b, Convolve(s, x, w, b));
    }

    private static bool Accepted(Instance truth, Goldilocks[] y, Goldilocks[] x, Goldilocks[] w, Goldilocks[] b, Func<ConvProof, ConvProof>? tamper = null)
    {
        var s = truth.S;
        var pt = new Transcript("test/conv");
        var r = pt.ChallengeExtVector("r", s.OutputLayout.VariableCount);
        var claim = new EvaluationClaim("y", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(s.OutputLayout.Pad(y), r, static v => v));
        var proved = ConvGadget.Prove(s, x, w, b, claim, pt);
        var vt = new Transcript("test/conv");
        var red = ConvGadget.Verify(s, claim with { Point = vt.ChallengeExtVector("r", s.OutputLayout.VariableCount) }, tamper is null ? proved.Proof : tamper(proved.Proof), vt);
        if (!red.IsValid) return false;
        var oracle = new ClaimOracle().Add("x", s.InputLayout.Pad(truth.X)).Add("w", s.WeightLayout.Pad(truth.W))
            .Add("b", new TensorLayout(s.OutputChannels).Pad(truth.Bias.Length == 0 ? new Goldilocks[s.OutputChannels] : truth.Bias));
        return oracle.AllHold(red.Claims);
    }

    [Theory]
    [InlineData(1, 3, 7, 7, 4, 3, 2, 1, true)]
    [InlineData(2, 2, 5, 6, 3, 3, 1, 0, false)]
    [InlineData(1, 1, 8, 8, 2, 5, 1, 2, true)]
    public void Honest_convolutions_verify(int n, int c, int h, int w, int m, int k, int stride, int pad, bool bias)
    {
        var x = Random(new Random(n * 1000 + c * 100 + h * 10 + k), [n, c, h, w], m, k, stride, pad, bias);
        Assert.True(Accepted(x, x.Y, x.X, x.W, x.Bias));
    }

    [Fact]
    public void Changing_any_single_input_weight_bias_or_output_element_is_rejected()
    {
        var rng = new Random(81);
        var t = Random(rng, [1, 2, 5, 5], 3, 3, 2, 1, true);
        static Goldilocks[] With(Goldilocks[] v, int i)
        {
            var c = (Goldilocks[])v.Clone();
            c[i] += Goldilocks.One;
            return c;
        }
        for (int i = 0; i < t.Y.Length; i++) Assert.False(Accepted(t, With(t.Y, i), t.X, t.W, t.Bias), $"output {i}");
        for (int i = 0; i < t.X.Length; i++)
        {
            var x = With(t.X, i);
            // Some input pixels are never read (stride 2 skips them): then the product is unchanged but the claim on X still differs.
            Assert.False(Accepted(t, Convolve(t.S, x, t.W, t.Bias), x, t.W, t.Bias), $"input {i}");
        }
        for (int i = 0; i < t.W.Length; i++)
        {
            var w = With(t.W, i);
            Assert.False(Accepted(t, Convolve(t.S, t.X, w, t.Bias), t.X, w, t.Bias), $"weight {i}");
        }
        for (int i = 0; i < t.Bias.Length; i++)
        {
            var b = With(t.Bias, i);
            Assert.False(Accepted(t, Convolve(t.S, t.X, t.W, b), t.X, t.W, b), $"bias {i}");
        }
    }

    [Fact]
    public void Tampered_and_garbage_proofs_are_rejected()
    {
        var t = Random(new Random(82), [1, 2, 6, 6], 2, 3, 1, 1, true);
        var one = (GoldilocksExt2)Goldilocks.One;
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, p => p with { PatchValue = p.PatchValue + one }));
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, p => p with { WeightValue = p.WeightValue + one }));
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, p => p with { InputValue = p.InputValue + one }));
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, p => p with { BiasValue = p.BiasValue + one }));
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, p => p with { Gather = new([]) }));
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, p => p with { Inner = null! }));
        Assert.False(Accepted(t, t.Y, t.X, t.W, t.Bias, _ => null!));
        Assert.False(ConvGadget.Verify(t.S with { InputDims = [1, 2] }, new EvaluationClaim("y", [], one), null, new Transcript("t")).IsValid);
    }
}
