using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// The GKR protocol for a binary tree of fraction additions (Papini–Haböck, "Improving logarithmic derivative lookups
/// using GKR", 2023, §3): layer ℓ has 2^ℓ fractions p_ℓ(b)/q_ℓ(b) with p_ℓ(b) = p_{ℓ+1}(2b)·q_{ℓ+1}(2b+1) +
/// p_{ℓ+1}(2b+1)·q_{ℓ+1}(2b) and q_ℓ(b) = q_{ℓ+1}(2b)·q_{ℓ+1}(2b+1) (the child bit is the lowest variable), so the root
/// is Σ leaves p/q as one fraction.
/// </summary>
/// <remarks>
/// A claim (p̃_ℓ(r), q̃_ℓ(r)) is reduced with λ ← transcript and the degree-3 sumcheck of
/// p̃_ℓ(r) + λ·q̃_ℓ(r) = Σ_b eq(r, b)·[p0·q1 + p1·q0 + λ·q0·q1](b); the prover then sends the four children values at the
/// sumcheck point ρ, the verifier checks them against the reduced claim, draws c and continues at (c, ρ) with
/// p = p0 + c·(p1 − p0), q = q0 + c·(q1 − q0). n layers for 2^n leaves; prover O(2^n), verifier O(n^2). Soundness error
/// Σ_ℓ (3ℓ + 2)/p^2 ≈ 1.5·n^2/p^2.
/// </remarks>
internal static class FractionTree
{
    /// <summary>All layers, leaves last: layers[ℓ] holds 2^ℓ (p, q) pairs.</summary>
    public static (GoldilocksExt2[] P, GoldilocksExt2[] Q)[] Build(GoldilocksExt2[] p, GoldilocksExt2[] q)
    {
        int n = MultilinearExtension.VariableCount(p.Length);
        var layers = new (GoldilocksExt2[] P, GoldilocksExt2[] Q)[n + 1];
        layers[n] = (p, q);
        for (int l = n - 1; l >= 0; l--)
        {
            var (cp, cq) = layers[l + 1];
            var np = new GoldilocksExt2[1 << l];
            var nq = new GoldilocksExt2[1 << l];
            for (int b = 0; b < np.Length; b++)
            {
                GoldilocksExt2 p0 = cp[2 * b], p1 = cp[2 * b + 1], q0 = cq[2 * b], q1 = cq[2 * b + 1];
                np[b] = p0 * q1 + p1 * q0;
                nq[b] = q0 * q1;
            }
            layers[l] = (np, nq);
        }
        return layers;
    }

    /// <summary>Proves the root-to-leaves reduction; returns the layer proofs and the leaf point.</summary>
    public static (FractionLayerProof[] Layers, GoldilocksExt2[] Point) Prove((GoldilocksExt2[] P, GoldilocksExt2[] Q)[] layers, Transcript transcript)
    {
        int n = layers.Length - 1;
        var proofs = new FractionLayerProof[n];
        var point = Array.Empty<GoldilocksExt2>();
        for (int l = 0; l < n; l++)
        {
            var lambda = transcript.ChallengeExt("logup/lambda");
            var (cp, cq) = layers[l + 1];
            int half = 1 << l;
            var p0 = new GoldilocksExt2[half];
            var p1 = new GoldilocksExt2[half];
            var q0 = new GoldilocksExt2[half];
            var q1 = new GoldilocksExt2[half];
            for (int b = 0; b < half; b++)
            {
                p0[b] = cp[2 * b];
                p1[b] = cp[2 * b + 1];
                q0[b] = cq[2 * b];
                q1[b] = cq[2 * b + 1];
            }
            var (sumcheck, rho, f) = FractionLayerProver.Prove(point, lambda, p0, p1, q0, q1, transcript);
            proofs[l] = new FractionLayerProof(sumcheck, f[0], f[1], f[2], f[3]);
            transcript.Absorb<GoldilocksExt2>("logup/children", f);
            var c = transcript.ChallengeExt("logup/child");
            point = [c, .. rho];
        }
        return (proofs, point);
    }

    /// <summary>
    /// Verifies the reduction from the root (p, q) to a claim on the 2^n leaves; returns false with a reason, or the
    /// leaf point and the claimed leaf values p̃(r), q̃(r).
    /// </summary>
    public static (string? Error, GoldilocksExt2[] Point, GoldilocksExt2 P, GoldilocksExt2 Q) Verify(GoldilocksExt2 rootP, GoldilocksExt2 rootQ, int n,
        FractionLayerProof[]? layers, Transcript transcript)
    {
        if (layers is null || layers.Length != n) return ($"{layers?.Length ?? 0} fraction layers, expected {n}", [], default, default);
        var point = Array.Empty<GoldilocksExt2>();
        GoldilocksExt2 vp = rootP, vq = rootQ;
        for (int l = 0; l < n; l++)
        {
            var layer = layers[l];
            if (layer is null) return ($"fraction layer {l} missing", [], default, default);
            var lambda = transcript.ChallengeExt("logup/lambda");
            var sub = SumcheckVerifier.Verify(vp + lambda * vq, 3, l, layer.Sumcheck, transcript);
            if (!sub.IsValid) return ($"fraction layer {l}: {sub.Reason}", [], default, default);
            var eq = EqPolynomial.Evaluate<GoldilocksExt2>(point, sub.Point);
            if (eq * (layer.P0 * layer.Q1 + layer.P1 * layer.Q0 + lambda * layer.Q0 * layer.Q1) != sub.ExpectedValue)
                return ($"fraction layer {l}: children values disagree with the sumcheck's reduced claim", [], default, default);
            transcript.Absorb<GoldilocksExt2>("logup/children", [layer.P0, layer.P1, layer.Q0, layer.Q1]);
            var c = transcript.ChallengeExt("logup/child");
            point = [c, .. sub.Point];
            vp = layer.P0 + c * (layer.P1 - layer.P0);
            vq = layer.Q0 + c * (layer.Q1 - layer.Q0);
        }
        return (null, point, vp, vq);
    }
}
