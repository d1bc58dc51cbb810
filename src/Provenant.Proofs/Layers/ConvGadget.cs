using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// A direct two-sumcheck proof for a 2-D convolution (<see cref="ConvStatement"/>), reducing a claim on Y to claims on the
/// weights W, the bias and the input X in their own per-axis layouts (no im2col tensor is committed or claimed).
/// </summary>
/// <remarks>
/// <para>Let U[n, c, i, j, oh, ow] = X[n, c, oh·s_h + i − p_h, ow·s_w + j − p_w] − z in bounds and 0 outside (the im2col
/// tensor). With the output point r = (r_ow, r_oh, r_m, r_n) and S_D the real-index sums of <see cref="TensorLayout.PrefixEqSum"/>:</para>
/// <para>(1) Ỹ(r) − bias̃(r_m)·S_N(r_n)·S_OH(r_oh)·S_OW(r_ow) = Σ_{(c,i,j)} W̃(r_m, c, i, j)·Ũ(r_n, c, i, j, r_oh, r_ow): a
/// degree-2 sumcheck over the ⌈log C⌉ + ⌈log KH⌉ + ⌈log KW⌉ inner variables (the matmul sumcheck of Thaler §4.4 with the
/// im2col matrix left implicit), ending at ρ_in with the values W̃(r_m, ρ_in) (a claim on W) and u = Ũ(ρ_in, r).</para>
/// <para>(2) u + z·S_N(r_n)·S_C(ρ_c)·Σ_h H_h·Σ_w H_w = Σ_b X(b)·eq(r_n, n)·eq(ρ_c, c)·H_h(h)·H_w(w), with the separable
/// gather weights H_h(h) = Σ_{oh &lt; OH, i &lt; KH, oh·s_h + i − p_h = h} eq(r_oh, oh)·eq(ρ_i, i) (likewise H_w): a degree-2
/// sumcheck over X's variables ending in a claim X̃(ρ'); the verifier evaluates the weight polynomial at ρ' in
/// O(OH·KH + OW·KW + log).</para>
/// <para>Prover: O(|W|) + O(N·C·OH·OW·KH·KW) (one pass over the patches) + O(|X|). Verifier: O(OH·KH + OW·KW) plus
/// logarithmic terms. Soundness error 2(n_inner + n_X)/p^2.</para>
/// </remarks>
public static class ConvGadget
{
    /// <summary>Proves the claim on Y; X, W row-major; bias of length M or empty.</summary>
    /// <exception cref="ArgumentException">The statement is malformed or lengths do not match it.</exception>
    public static LayerProverOutput<ConvProof> Prove(ConvStatement statement, ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> w,
        ReadOnlySpan<Goldilocks> bias, EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        var s = statement;
        if (!s.IsWellFormed || x.Length != s.InputLayout.ElementCount || w.Length != s.WeightLayout.ElementCount
            || (s.Bias is null ? bias.Length != 0 : bias.Length != s.OutputChannels) || output.Point.Length != s.OutputLayout.VariableCount)
            throw new ArgumentException("Conv: operands do not match the statement.");
        int n = s.InputDims[0], c = s.InputDims[1], h = s.InputDims[2], wd = s.InputDims[3], m = s.OutputChannels;
        int kh = s.KernelHeight, kw = s.KernelWidth, oh = s.OutputHeight, ow = s.OutputWidth;
        var outL = s.OutputLayout;
        var r = output.Point;
        var eN = EqPolynomial.Table<GoldilocksExt2>(outL.AxisPoint(r, 0));
        var eM = EqPolynomial.Table<GoldilocksExt2>(outL.AxisPoint(r, 1));
        var eOH = EqPolynomial.Table<GoldilocksExt2>(outL.AxisPoint(r, 2));
        var eOW = EqPolynomial.Table<GoldilocksExt2>(outL.AxisPoint(r, 3));

        var biasValue = GoldilocksExt2.Zero;
        for (int k = 0; k < bias.Length; k++) biasValue += eM[k] * bias[k];
        transcript.Absorb("conv/bias", biasValue);

        var inner = s.InnerLayout;
        int innerSize = c * kh * kw;
        var innerIndex = new int[innerSize];
        for (int f = 0; f < innerSize; f++) innerIndex[f] = inner.PaddedIndex(f);
        var wr = new GoldilocksExt2[inner.PaddedLength];
        for (int mi = 0; mi < m; mi++)
        {
            var e = eM[mi];
            var row = w.Slice(mi * innerSize, innerSize);
            for (int f = 0; f < innerSize; f++) wr[innerIndex[f]] += e * row[f];
        }
        var z = Goldilocks.FromInt64(s.InputZeroPoint);
        var ur = new GoldilocksExt2[inner.PaddedLength];
        for (int ni = 0; ni < n; ni++)
        {
            for (int ci = 0; ci < c; ci++)
            {
                var plane = x.Slice((ni * c + ci) * h * wd, h * wd);
                for (int oy = 0; oy < oh; oy++)
                {
                    var eRow = eN[ni] * eOH[oy];
                    for (int ox = 0; ox < ow; ox++)
                    {
                        var e = eRow * eOW[ox];
                        for (int i = 0; i < kh; i++)
                        {
                            int y = oy * s.StrideHeight + i - s.PadTop;
                            if ((uint)y >= (uint)h) continue;
                            int baseIndex = (ci * kh + i) * kw;
                            for (int j = 0; j < kw; j++)
                            {
                                int xx = ox * s.StrideWidth + j - s.PadLeft;
                                if ((uint)xx >= (uint)wd) continue;
                                ur[innerIndex[baseIndex + j]] += e * (plane[y * wd + xx] - z);
                            }
                        }
                    }
                }
            }
        }
        var first = SumcheckProver.Prove([wr, ur], new ProductFunction(2), transcript);
        var rhoIn = first.Point;
        GoldilocksExt2 wValue = first.FinalEvaluations[0], uValue = first.FinalEvaluations[1];
        transcript.Absorb<GoldilocksExt2>("conv/inner", [wValue, uValue]);

        var gather = GatherWeights(s, r, rhoIn);
        var inL = s.InputLayout;
        var table = new GoldilocksExt2[inL.PaddedLength];
        var xTable = new GoldilocksExt2[inL.PaddedLength];
        var eC = gather.EC;
        for (int ni = 0; ni < eN.Length; ni++)
        {
            for (int ci = 0; ci < eC.Length; ci++)
            {
                var e = eN[ni] * eC[ci];
                if (e.IsZero) continue;
                for (int y = 0; y < gather.Hh.Length; y++)
                {
                    var ey = e * gather.Hh[y];
                    if (ey.IsZero) continue;
                    int rowBase = (ni << inL.AxisOffset[0]) | (ci << inL.AxisOffset[1]) | (y << inL.AxisOffset[2]);
                    for (int xx = 0; xx < gather.Hw.Length; xx++) table[rowBase | xx] = ey * gather.Hw[xx];
                }
            }
        }
        for (int f = 0; f < x.Length; f++) xTable[inL.PaddedIndex(f)] = x[f];
        var second = SumcheckProver.Prove([xTable, table], new ProductFunction(2), transcript);
        var xValue = second.FinalEvaluations[0];
        transcript.Absorb("conv/input", xValue);
        var proof = new ConvProof(biasValue, first.Proof, wValue, uValue, second.Proof, xValue);
        return new LayerProverOutput<ConvProof>(proof, Claims(s, r, rhoIn, second.Point, proof));
    }

    /// <summary>Verifies; on success returns the claims on X, W and (when present) the bias. Never throws on a malformed proof.</summary>
    public static ClaimReduction Verify(ConvStatement statement, EvaluationClaim output, ConvProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        var s = statement;
        if (!s.IsWellFormed) return ClaimReduction.Rejected("conv: malformed statement");
        if (proof is null) return ClaimReduction.Rejected("conv: proof missing");
        var outL = s.OutputLayout;
        if (output.Point is null || output.Point.Length != outL.VariableCount) return ClaimReduction.Rejected("conv: claim point has the wrong length");
        if (s.Bias is null && !proof.BiasValue.IsZero) return ClaimReduction.Rejected("conv: bias value sent without a bias");
        var r = output.Point;
        transcript.Absorb("conv/bias", proof.BiasValue);
        var outputSum = TensorLayout.PrefixEqSum(outL.AxisPoint(r, 0), s.InputDims[0]) * TensorLayout.PrefixEqSum(outL.AxisPoint(r, 2), s.OutputHeight)
            * TensorLayout.PrefixEqSum(outL.AxisPoint(r, 3), s.OutputWidth);
        var first = SumcheckVerifier.Verify(output.Value - proof.BiasValue * outputSum, 2, s.InnerLayout.VariableCount, proof.Inner, transcript);
        if (!first.IsValid) return ClaimReduction.Rejected("conv: inner: " + first.Reason);
        if (proof.WeightValue * proof.PatchValue != first.ExpectedValue) return ClaimReduction.Rejected("conv: W̃·Ũ differs from the inner sumcheck's reduced claim");
        transcript.Absorb<GoldilocksExt2>("conv/inner", [proof.WeightValue, proof.PatchValue]);
        var rhoIn = first.Point;
        var gather = GatherWeights(s, r, rhoIn);
        var inL = s.InputLayout;
        var zeroPointMass = TensorLayout.PrefixEqSum(outL.AxisPoint(r, 0), s.InputDims[0]) * TensorLayout.PrefixEqSum(s.InnerLayout.AxisPoint(rhoIn, 0), s.InputDims[1])
            * Sum(gather.Hh) * Sum(gather.Hw);
        var second = SumcheckVerifier.Verify(proof.PatchValue + zeroPointMass * Goldilocks.FromInt64(s.InputZeroPoint), 2, inL.VariableCount, proof.Gather, transcript);
        if (!second.IsValid) return ClaimReduction.Rejected("conv: gather: " + second.Reason);
        transcript.Absorb("conv/input", proof.InputValue);
        var p = second.Point;
        var weight = EqPolynomial.Evaluate<GoldilocksExt2>(outL.AxisPoint(r, 0), inL.AxisPoint(p, 0))
            * EqPolynomial.Evaluate<GoldilocksExt2>(s.InnerLayout.AxisPoint(rhoIn, 0), inL.AxisPoint(p, 1))
            * Dot(gather.Hh, EqPolynomial.Table<GoldilocksExt2>(inL.AxisPoint(p, 2))) * Dot(gather.Hw, EqPolynomial.Table<GoldilocksExt2>(inL.AxisPoint(p, 3)));
        if (proof.InputValue * weight != second.ExpectedValue) return ClaimReduction.Rejected("conv: X̃·T̃ differs from the gather sumcheck's reduced claim");
        return ClaimReduction.Reduced(Claims(s, r, rhoIn, p, proof));
    }

    private static (GoldilocksExt2[] EC, GoldilocksExt2[] Hh, GoldilocksExt2[] Hw) GatherWeights(ConvStatement s, GoldilocksExt2[] r, GoldilocksExt2[] rhoIn)
    {
        var outL = s.OutputLayout;
        var inner = s.InnerLayout;
        var inL = s.InputLayout;
        var eC = EqPolynomial.Table<GoldilocksExt2>(inner.AxisPoint(rhoIn, 0));
        var hh = Spatial(EqPolynomial.Table<GoldilocksExt2>(outL.AxisPoint(r, 2)), EqPolynomial.Table<GoldilocksExt2>(inner.AxisPoint(rhoIn, 1)),
            s.OutputHeight, s.KernelHeight, s.StrideHeight, s.PadTop, s.InputDims[2], 1 << inL.AxisBits[2]);
        var hw = Spatial(EqPolynomial.Table<GoldilocksExt2>(outL.AxisPoint(r, 3)), EqPolynomial.Table<GoldilocksExt2>(inner.AxisPoint(rhoIn, 2)),
            s.OutputWidth, s.KernelWidth, s.StrideWidth, s.PadLeft, s.InputDims[3], 1 << inL.AxisBits[3]);
        return (eC, hh, hw);
    }

    /// <summary>H(h) = Σ_{o &lt; outSize, k &lt; kernel, o·stride + k − pad = h} eOut[o]·eK[k] for 0 ≤ h &lt; inSize (0 elsewhere).</summary>
    private static GoldilocksExt2[] Spatial(GoldilocksExt2[] eOut, GoldilocksExt2[] eK, int outSize, int kernel, int stride, int pad, int inSize, int padded)
    {
        var t = new GoldilocksExt2[padded];
        for (int o = 0; o < outSize; o++)
        {
            for (int k = 0; k < kernel; k++)
            {
                long pos = (long)o * stride + k - pad;
                if (pos >= 0 && pos < inSize) t[pos] += eOut[o] * eK[k];
            }
        }
        return t;
    }

    private static GoldilocksExt2 Sum(GoldilocksExt2[] v)
    {
        var acc = GoldilocksExt2.Zero;
        foreach (var e in v) acc += e;
        return acc;
    }

    private static GoldilocksExt2 Dot(GoldilocksExt2[] a, GoldilocksExt2[] b)
    {
        var acc = GoldilocksExt2.Zero;
        for (int i = 0; i < a.Length; i++) acc += a[i] * b[i];
        return acc;
    }

    private static EvaluationClaim[] Claims(ConvStatement s, GoldilocksExt2[] r, GoldilocksExt2[] rhoIn, GoldilocksExt2[] rhoX, ConvProof proof)
    {
        var rM = s.OutputLayout.AxisPoint(r, 1).ToArray();
        var wClaim = new EvaluationClaim(s.Weights, [.. rhoIn, .. rM], proof.WeightValue);
        var xClaim = new EvaluationClaim(s.Input, rhoX, proof.InputValue);
        return s.Bias is null ? [xClaim, wClaim] : [xClaim, wClaim, new EvaluationClaim(s.Bias, rM, proof.BiasValue)];
    }
}
