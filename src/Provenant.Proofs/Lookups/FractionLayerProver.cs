using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// A specialised prover for one fraction-tree layer's sumcheck Σ_b eq(r, b)·[p0·q1 + p1·q0 + λ·q0·q1](b) that produces
/// exactly the messages and transcript of <see cref="SumcheckProver"/> with <see cref="FractionLayerFunction"/> (so the
/// generic verifier checks it), but factors eq out of each round (Gruen, "Some improvements for the PIOP for ZeroCheck",
/// 2024, §3): g_j(X) = C_j·eq(r_j, X)·h_j(X) with C_j = Π_{i&lt;j} eq(r_i, ρ_i) and h_j(X) = Σ_b eq(r_{&gt;j}, b)·F(X, b) of
/// degree 2, so each pair costs 3 evaluations of F and no eq table is folded.
/// </summary>
internal static class FractionLayerProver
{
    private const int ParallelThreshold = 1 << 12;

    /// <summary>Runs the layer's sumcheck on the children tables (consumed); returns the proof, the point and the four final values.</summary>
    public static (SumcheckProof Proof, GoldilocksExt2[] Point, GoldilocksExt2[] Finals) Prove(GoldilocksExt2[] r, GoldilocksExt2 lambda,
        GoldilocksExt2[] p0, GoldilocksExt2[] p1, GoldilocksExt2[] q0, GoldilocksExt2[] q1, Transcript transcript)
    {
        int n = r.Length;
        transcript.Absorb("sumcheck/shape", ((ulong)n << 32) | 3u);
        var rounds = new GoldilocksExt2[n][];
        var point = new GoldilocksExt2[n];
        var prefix = GoldilocksExt2.One;
        int size = 1 << n;
        GoldilocksExt2[][] tables = [p0, p1, q0, q1];
        for (int j = 0; j < n; j++)
        {
            int half = size >> 1;
            var weights = EqPolynomial.Table<GoldilocksExt2>(r.AsSpan(j + 1));
            var h = new GoldilocksExt2[3];
            Accumulate(tables, weights, half, lambda, h);
            // h(3) from the quadratic through h(0), h(1), h(2); g_j(x) = C_j·eq(r_j, x)·h_j(x).
            var h3 = h[0] - (h[1] - h[2]) * (Goldilocks)3u;
            GoldilocksExt2 rj = r[j], one = GoldilocksExt2.One;
            var evals = new GoldilocksExt2[4];
            for (int x = 0; x < 4; x++)
            {
                var xv = (GoldilocksExt2)Goldilocks.FromUInt64((ulong)x);
                var eq = (one - rj) * (one - xv) + rj * xv;
                evals[x] = prefix * eq * (x < 3 ? h[x] : h3);
            }
            if (j == 0) transcript.Absorb("sumcheck/claim", evals[0] + evals[1]);
            transcript.Absorb<GoldilocksExt2>("sumcheck/round", evals);
            rounds[j] = evals;
            var rho = transcript.ChallengeExt("sumcheck/challenge");
            point[j] = rho;
            prefix *= (one - rj) * (one - rho) + rj * rho;
            foreach (var t in tables)
            {
                for (int b = 0; b < half; b++)
                {
                    var lo = t[2 * b];
                    t[b] = lo + rho * (t[2 * b + 1] - lo);
                }
            }
            size = half;
        }
        if (n == 0)
        {
            var f = new FractionLayerFunction(lambda);
            transcript.Absorb("sumcheck/claim", f.Evaluate([GoldilocksExt2.One, p0[0], p1[0], q0[0], q1[0]]));
        }
        return (new SumcheckProof(rounds), point, [p0[0], p1[0], q0[0], q1[0]]);
    }

    private static void Accumulate(GoldilocksExt2[][] t, GoldilocksExt2[] weights, int half, GoldilocksExt2 lambda, GoldilocksExt2[] h)
    {
        int chunks = half >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 16) : 1;
        var partial = new GoldilocksExt2[chunks * 3];
        void Run(int c)
        {
            int start = (int)((long)half * c / chunks), end = (int)((long)half * (c + 1) / chunks);
            GoldilocksExt2 s0 = default, s1 = default, s2 = default;
            GoldilocksExt2[] a = t[0], b = t[1], qa = t[2], qb = t[3];
            for (int i = start; i < end; i++)
            {
                var w = weights[i];
                GoldilocksExt2 a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
                GoldilocksExt2 c0 = qa[2 * i], c1 = qa[2 * i + 1], d0 = qb[2 * i], d1 = qb[2 * i + 1];
                s0 += w * (a0 * d0 + b0 * c0 + lambda * (c0 * d0));
                s1 += w * (a1 * d1 + b1 * c1 + lambda * (c1 * d1));
                GoldilocksExt2 a2 = a1 + a1 - a0, b2 = b1 + b1 - b0, c2 = c1 + c1 - c0, d2 = d1 + d1 - d0;
                s2 += w * (a2 * d2 + b2 * c2 + lambda * (c2 * d2));
            }
            partial[3 * c] = s0;
            partial[3 * c + 1] = s1;
            partial[3 * c + 2] = s2;
        }
        if (chunks == 1) Run(0);
        else Parallel.For(0, chunks, Run);
        for (int c = 0; c < chunks; c++)
        {
            h[0] += partial[3 * c];
            h[1] += partial[3 * c + 1];
            h[2] += partial[3 * c + 2];
        }
    }
}
