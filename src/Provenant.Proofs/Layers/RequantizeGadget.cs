using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// Requantize as field equations plus range checks: reduces a claim Ỹ(r) on Y = clamp(z + RoundingShift(X·M_c, s_c), lo, hi)
/// to claims on the accumulator X and the advice tensors of <see cref="RequantizeStatement"/> at one random point.
/// </summary>
/// <remarks>
/// <para>Per real element, with σ = [X &lt; 0], h_c = 2^{s_c − 1}, S = max s_c, t = z + q and q = RoundingShift(X·M_c, s_c):
/// X·M_c + h_c − σ = q·2^{s_c} + ρ with ρ ∈ [0, 2^{s_c}) characterises round-half-away-from-zero (for X &lt; 0 the −σ turns
/// "half up" into "half down"); scaled by 2^{S − s_c} with ρ̂ = ρ·2^{S − s_c} ∈ [0, 2^S) it holds with one range for every
/// channel. The clamp is Y = t − d⁺ + d⁻ with d± ≥ 0, d⁺·(hi − Y) = 0, d⁻·(Y − lo) = 0 and lo ≤ Y ≤ hi. Substituting
/// X = low − 2^A·σ, every real element satisfies
/// Y = (z + ½) + K_c·low − G_c·σ − 2^{−S}·ρ̂ − d⁺ + d⁻ with K_c = M_c/2^{s_c}, G_c = 2^A·K_c + 2^{−s_c} (field inverses).</para>
/// <para>Protocol: λ1, λ2 ← transcript; sumcheck (degree 4, n variables) of
/// Ỹ(r) = Σ_b eq(r, b)·[Y(b) + λ1·d⁺(b)·(hi − Y(b)) + λ2·d⁻(b)·(Y(b) − lo)] with Y(b) built from the tables
/// lin = valid·(z + ½) − 2^{−S}ρ̂ − d⁺ + d⁻, K, low, G, σ, d⁺, d⁻; the prover sends every advice limb at ρ; the verifier
/// evaluates valid(ρ) and the channel polynomials K̃, G̃ itself (O(n + C)) and checks the integrand. Claims returned:
/// X̃(ρ) = low(ρ) − 2^A·σ(ρ) and every advice limb at ρ. The range checks (<see cref="RequantizeStatement.LookupObligations"/>,
/// including Y ∈ [lo, hi]) are the caller's to prove with <see cref="Lookups.LogUp"/>; without them the identity is not sound.</para>
/// <para>Soundness: the constraint vector is zero on the hypercube iff its multilinear extension vanishes, which a random r
/// detects except with probability n/p^2; λ1, λ2 add 2/p^2, the sumcheck 4n/p^2. The integer bounds checked by the
/// statement keep both sides of the identity below p, so the field identity is the integer identity and the limbs pin
/// q, Y uniquely.</para>
/// </remarks>
public static class RequantizeGadget
{
    /// <summary>Proves the claim <paramref name="output"/> on Y from the witness (advice already committed or absorbed).</summary>
    /// <exception cref="ArgumentException">The claim point does not match the layout.</exception>
    public static LayerProverOutput<RequantizeProof> Prove(RequantizeStatement statement, RequantizeWitness witness, EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(witness);
        ArgumentNullException.ThrowIfNull(output);
        var layout = statement.Layout;
        if (output.Point.Length != layout.VariableCount) throw new ArgumentException($"Requantize {statement.Output}: claim point has the wrong length.");
        var function = Function(statement, transcript);
        int n = layout.PaddedLength;
        var (k, g) = ChannelCoefficients(statement);
        var constant = Constant(statement);
        var inverseShift = Goldilocks.FromUInt64(1UL << statement.CommonShift).Inverse();
        var mask = layout.ValidMask();
        var adv = witness.AdviceTables;
        int lowLimbs = statement.LowLimbs, signIndex = lowLimbs, remFirst = signIndex + 1, upFirst = remFirst + statement.RemainderLimbs;
        int downFirst = upFirst + statement.ExcessLimbs;
        var tLin = new GoldilocksExt2[n];
        var tK = new GoldilocksExt2[n];
        var tLow = new GoldilocksExt2[n];
        var tG = new GoldilocksExt2[n];
        var tSign = new GoldilocksExt2[n];
        var tUp = new GoldilocksExt2[n];
        var tDown = new GoldilocksExt2[n];
        for (int b = 0; b < n; b++)
        {
            int c = statement.Channel(b);
            if (c < k.Length)
            {
                tK[b] = k[c];
                tG[b] = g[c];
            }
            var low = Combine(adv, 0, lowLimbs, b);
            var rem = Combine(adv, remFirst, statement.RemainderLimbs, b);
            var up = Combine(adv, upFirst, statement.ExcessLimbs, b);
            var down = Combine(adv, downFirst, statement.ExcessLimbs, b);
            tLow[b] = low;
            tSign[b] = adv[signIndex][b];
            tUp[b] = up;
            tDown[b] = down;
            tLin[b] = (mask[b] ? constant : Goldilocks.Zero) - inverseShift * rem - up + down;
        }
        var result = SumcheckProver.ProveWithEq(output.Point, [tLin, tK, tLow, tG, tSign, tUp, tDown], function, transcript);
        var values = new GoldilocksExt2[adv.Length];
        for (int i = 0; i < adv.Length; i++) values[i] = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(adv[i], result.Point, static v => v);
        transcript.Absorb<GoldilocksExt2>("requantize/advice", values);
        var proof = new RequantizeProof(result.Proof, values);
        return new LayerProverOutput<RequantizeProof>(proof, Claims(statement, result.Point, values));
    }

    /// <summary>
    /// Verifies the proof for the claim on Y; on success returns the claim on X and one claim per advice tensor (all at the
    /// sumcheck point). Never throws on a malformed proof.
    /// </summary>
    public static ClaimReduction Verify(RequantizeStatement statement, EvaluationClaim output, RequantizeProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        var layout = statement.Layout;
        if (output.Point is null || output.Point.Length != layout.VariableCount) return ClaimReduction.Rejected("requantize: claim point has the wrong length");
        if (proof?.AdviceValues is null || proof.AdviceValues.Length != statement.Advice.Count) return ClaimReduction.Rejected("requantize: proof missing or malformed");
        var function = Function(statement, transcript);
        var sub = SumcheckVerifier.Verify(output.Value, function.Degree, layout.VariableCount, proof.Sumcheck, transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("requantize: " + sub.Reason);
        transcript.Absorb<GoldilocksExt2>("requantize/advice", proof.AdviceValues);
        var v = proof.AdviceValues;
        int lowLimbs = statement.LowLimbs, signIndex = lowLimbs, remFirst = signIndex + 1, upFirst = remFirst + statement.RemainderLimbs;
        int downFirst = upFirst + statement.ExcessLimbs;
        var low = Combine(v, 0, lowLimbs);
        var rem = Combine(v, remFirst, statement.RemainderLimbs);
        var up = Combine(v, upFirst, statement.ExcessLimbs);
        var down = Combine(v, downFirst, statement.ExcessLimbs);
        var (k, g) = ChannelCoefficients(statement);
        var point = sub.Point;
        GoldilocksExt2 kAt, gAt;
        if (statement.ChannelAxis < 0)
        {
            kAt = k[0];
            gAt = g[0];
        }
        else
        {
            var eqChannel = EqPolynomial.Table<GoldilocksExt2>(layout.AxisPoint(point, statement.ChannelAxis));
            kAt = GoldilocksExt2.Zero;
            gAt = GoldilocksExt2.Zero;
            for (int c = 0; c < k.Length; c++)
            {
                kAt += eqChannel[c] * k[c];
                gAt += eqChannel[c] * g[c];
            }
        }
        var inverseShift = Goldilocks.FromUInt64(1UL << statement.CommonShift).Inverse();
        var lin = layout.ValidityAt(point) * Constant(statement) - rem * inverseShift - up + down;
        var eq = EqPolynomial.Evaluate<GoldilocksExt2>(output.Point, point);
        if (function.Combine(eq, lin, kAt, low, gAt, v[signIndex], up, down) != sub.ExpectedValue)
            return ClaimReduction.Rejected("requantize: the advice values do not satisfy the requantization identity at the sumcheck point");
        return ClaimReduction.Reduced(Claims(statement, point, v));
    }

    private static RequantizeFunction Function(RequantizeStatement s, Transcript transcript)
    {
        transcript.Absorb("requantize/shape", ((ulong)s.CommonShift << 40) | ((ulong)s.AccumulatorBits << 32) | (uint)s.ExcessBits);
        var l1 = transcript.ChallengeExt("requantize/lambda");
        var l2 = transcript.ChallengeExt("requantize/lambda");
        return new RequantizeFunction(l1, l2, Goldilocks.FromInt64(s.Max), Goldilocks.FromInt64(s.Min));
    }

    private static (Goldilocks[] K, Goldilocks[] G) ChannelCoefficients(RequantizeStatement s)
    {
        var k = new Goldilocks[s.Multipliers.Length];
        var g = new Goldilocks[k.Length];
        var twoA = Goldilocks.FromUInt64(1UL << s.AccumulatorBits);
        for (int c = 0; c < k.Length; c++)
        {
            var inv = Goldilocks.FromUInt64(1UL << s.Shifts[c]).Inverse();
            k[c] = Goldilocks.FromInt64(s.Multipliers[c]) * inv;
            g[c] = twoA * k[c] + inv;
        }
        return (k, g);
    }

    private static Goldilocks Constant(RequantizeStatement s) => Goldilocks.FromInt64(s.ZeroPoint) + ((Goldilocks)2u).Inverse();

    private static Goldilocks Combine(Goldilocks[][] advice, int first, int limbs, int b)
    {
        var acc = Goldilocks.Zero;
        for (int i = limbs - 1; i >= 0; i--) acc = acc * Goldilocks.FromUInt64(1UL << RequantizeStatement.LimbBits) + advice[first + i][b];
        return acc;
    }

    private static GoldilocksExt2 Combine(GoldilocksExt2[] values, int first, int limbs)
    {
        var acc = GoldilocksExt2.Zero;
        for (int i = limbs - 1; i >= 0; i--) acc = acc * Goldilocks.FromUInt64(1UL << RequantizeStatement.LimbBits) + values[first + i];
        return acc;
    }

    private static EvaluationClaim[] Claims(RequantizeStatement s, GoldilocksExt2[] point, GoldilocksExt2[] values)
    {
        var claims = new EvaluationClaim[values.Length + 1];
        var x = Combine(values, 0, s.LowLimbs) - values[s.LowLimbs] * Goldilocks.FromUInt64(1UL << s.AccumulatorBits);
        claims[0] = new EvaluationClaim(s.Input, point, x);
        for (int i = 0; i < values.Length; i++) claims[i + 1] = new EvaluationClaim(s.Advice[i].Name, point, values[i]);
        return claims;
    }
}
