using Provenant.Core;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// Opens one committed polynomial f at many points with a proof whose size does not grow with the number of points:
/// a degree-2 sumcheck reduces the p claims f̃(z_j) = v_j to one claim f̃(r) = y, which <see cref="MultilinearPcs"/>
/// then opens (two rows instead of p + 1).
/// </summary>
/// <remarks>
/// <para>Protocol (standard batching of evaluation claims, Thaler "Proofs, Arguments, and Zero-Knowledge" §4.5.2 /
/// the "multiple evaluations" reduction of Spartan and HyperPlonk): absorb the scheme, root, points and values as
/// <see cref="MultilinearPcs"/> does; draw independent a ∈ F_{p²}^p ("pcs-batch/coefficients"); let
/// g(x) = Σ_j a_j·eq(z_j, x), so Σ_{x∈{0,1}^n} f(x)·g(x) = Σ_j a_j·v_j. Sumcheck this sum (variable 0 first): round i
/// sends s_i(0), s_i(1), s_i(2) ("pcs-batch/round"), the verifier checks s_i(0) + s_i(1) against the running claim and
/// draws r_i ("pcs-batch/challenge"). Finally the prover sends y = f̃(r) ("pcs-batch/final"); the verifier checks the
/// last claim equals y·g̃(r), computing g̃(r) = Σ_j a_j·eq(z_j, r) itself in O(p·n), and verifies the PCS opening of f
/// at r with value y.</para>
/// <para>Soundness adds p-independent terms: a false v_j survives the random combination with probability 1/|F_{p²}|
/// and the sumcheck with probability 2n/|F_{p²}| ≤ 2^−122 (n ≤ 30). Prover cost O(2^n) ext operations; coordinates of a
/// point that are Boolean constants in the high variables (e.g. a weight tensor's slot bits,
/// <see cref="Weights.WeightCommitment.MapPoint"/>) make eq(z_j, ·) zero outside that slot, so g is built in
/// O(Σ slot sizes).</para>
/// </remarks>
public static class BatchedOpening
{
    private static readonly Goldilocks InverseOfTwo = Goldilocks.FromUInt64((Goldilocks.Modulus + 1) / 2);

    /// <summary>Opens f at every point; the values are f̃(z_j) in point order.</summary>
    /// <exception cref="ArgumentException">No points, more than 4096, or a point of the wrong length.</exception>
    public static (GoldilocksExt2[] Values, BatchedOpeningProof Proof) Open(PcsProverData proverData, IReadOnlyList<GoldilocksExt2[]> points, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(proverData);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(transcript);
        var prm = proverData.Parameters;
        if (MultilinearPcs.CheckPoints(prm, points) is { } problem) throw new ArgumentException("PCS batched open: " + problem, nameof(points));
        int n = prm.VariableCount;
        var f = proverData.Evaluations;
        var values = new GoldilocksExt2[points.Count];
        var sparse = points.Select(p => EqPolynomial.SparseTable(p)).ToArray();
        for (int j = 0; j < values.Length; j++)
        {
            var (offset, table) = sparse[j];
            GoldilocksExt2 acc = GoldilocksExt2.Zero;
            for (int i = 0; i < table.Length; i++) acc += table[i] * f[offset + i];
            values[j] = acc;
        }

        MultilinearPcs.AbsorbStatement(transcript, proverData.Commitment, prm, points, values);
        var a = transcript.ChallengeExtVector("pcs-batch/coefficients", points.Count);
        var g = new GoldilocksExt2[1L << n];
        for (int j = 0; j < points.Count; j++)
        {
            var (offset, table) = sparse[j];
            for (int i = 0; i < table.Length; i++) g[offset + i] += a[j] * table[i];
        }
        var rounds = new GoldilocksExt2[n][];
        var r = new GoldilocksExt2[n];
        GoldilocksExt2[] fe = [f.Length == 1 ? (GoldilocksExt2)f[0] : GoldilocksExt2.Zero];
        int size = f.Length;
        for (int round = 0; round < n; round++)
        {
            // Round 0 reads the base-field evaluations directly; later rounds the folded extension table.
            rounds[round] = round == 0 ? RoundEvaluations(f, g, size) : RoundEvaluations(fe, g, size);
            transcript.Absorb<GoldilocksExt2>("pcs-batch/round", rounds[round]);
            r[round] = transcript.ChallengeExt("pcs-batch/challenge");
            size >>= 1;
            if (round == 0)
            {
                fe = new GoldilocksExt2[size];
                var challenge = r[0];
                ParallelChunks(size, (start, end) =>
                {
                    for (int j = start; j < end; j++) fe[j] = challenge * (f[2 * j + 1] - f[2 * j]) + f[2 * j];
                });
            }
            else
            {
                Fold(fe, size, r[round]);
            }
            Fold(g, size, r[round]);
        }
        var y = fe[0];
        transcript.Absorb("pcs-batch/final", y);
        var (_, opening) = MultilinearPcs.Open(proverData, [r], transcript);
        return (values, new BatchedOpeningProof(rounds, y, opening));
    }

    /// <summary>Verifies a batched opening; a rejection with a reason for anything wrong or malformed, never an exception.</summary>
    public static VerificationResult Verify(PcsCommitment commitment, IReadOnlyList<GoldilocksExt2[]> points,
        IReadOnlyList<GoldilocksExt2> values, BatchedOpeningProof proof, Transcript transcript)
        => VerifierGuard.Run("PCS batched opening", () => VerifyCore(commitment, points, values, proof, transcript));

    /// <summary>Parses <paramref name="proofBytes"/> (<see cref="BatchedOpeningProof.TryParse"/>) and verifies; never throws.</summary>
    public static VerificationResult Verify(PcsCommitment commitment, IReadOnlyList<GoldilocksExt2[]> points,
        IReadOnlyList<GoldilocksExt2> values, ReadOnlySpan<byte> proofBytes, Transcript transcript) =>
        BatchedOpeningProof.TryParse(proofBytes, out var proof, out var reason)
            ? Verify(commitment, points, values, proof!, transcript)
            : VerificationResult.Rejected(reason);

    /// <summary>The checks without the exception guard (tests call this to show no check throws).</summary>
    internal static VerificationResult VerifyCore(PcsCommitment? commitment, IReadOnlyList<GoldilocksExt2[]>? points,
        IReadOnlyList<GoldilocksExt2>? values, BatchedOpeningProof? proof, Transcript? transcript)
    {
        if (commitment is null || points is null || values is null || proof?.RoundEvaluations is null || proof.Opening is null || transcript is null)
            return Reject("a commitment, points, values, proof and transcript are required");
        var prm = commitment.Parameters;
        if (MultilinearPcs.CheckPoints(prm, points) is { } problem) return Reject(problem);
        if (values.Count != points.Count) return Reject($"{values.Count} values for {points.Count} points");
        int n = prm.VariableCount;
        if (proof.RoundEvaluations.Length != n) return Reject($"{proof.RoundEvaluations.Length} sumcheck rounds, expected {n}");
        if (proof.RoundEvaluations.Any(s => s is null || s.Length != 3)) return Reject("a sumcheck round does not hold 3 evaluations");

        var valueArray = values.ToArray();
        MultilinearPcs.AbsorbStatement(transcript, commitment, prm, points, valueArray);
        var a = transcript.ChallengeExtVector("pcs-batch/coefficients", points.Count);
        GoldilocksExt2 claim = GoldilocksExt2.Zero;
        for (int j = 0; j < a.Length; j++) claim += a[j] * valueArray[j];
        var r = new GoldilocksExt2[n];
        for (int round = 0; round < n; round++)
        {
            var s = proof.RoundEvaluations[round];
            if (s[0] + s[1] != claim) return Reject($"sumcheck round {round}: s(0) + s(1) differs from the claim");
            transcript.Absorb<GoldilocksExt2>("pcs-batch/round", s);
            r[round] = transcript.ChallengeExt("pcs-batch/challenge");
            claim = InterpolateQuadratic(s, r[round]);
        }
        GoldilocksExt2 gAtR = GoldilocksExt2.Zero;
        for (int j = 0; j < a.Length; j++) gAtR += a[j] * EqPolynomial.Evaluate<GoldilocksExt2>(points[j], r);
        if (claim != proof.FinalValue * gAtR) return Reject("the sumcheck's final claim differs from f̃(r)·g(r)");
        transcript.Absorb("pcs-batch/final", proof.FinalValue);
        var inner = MultilinearPcs.VerifyCore(commitment, [r], [proof.FinalValue], proof.Opening, transcript);
        if (!inner.IsValid) return inner;
        return VerificationResult.Valid($"PCS batched opening of {points.Count} point(s) verified ({prm.Scheme})");
    }

    private static VerificationResult Reject(string reason) => VerificationResult.Rejected("PCS batched opening rejected: " + reason);

    /// <summary>s(x) from s(0), s(1), s(2): s0·(x−1)(x−2)/2 − s1·x(x−2) + s2·x(x−1)/2.</summary>
    internal static GoldilocksExt2 InterpolateQuadratic(GoldilocksExt2[] s, GoldilocksExt2 x)
    {
        var one = GoldilocksExt2.One;
        var two = one + one;
        var xm1 = x - one;
        var xm2 = x - two;
        return (s[0] * xm1 * xm2 + s[2] * x * xm1) * InverseOfTwo - s[1] * x * xm2;
    }

    /// <summary>(s(0), s(1), s(2)) of s(X) = Σ_b f(X, b)·g(X, b) over the pairs (2j, 2j + 1) of the first <paramref name="size"/> entries; deterministic chunked sums.</summary>
    private static GoldilocksExt2[] RoundEvaluations<TF>(TF[] fa, GoldilocksExt2[] ga, int size) where TF : struct, IField<TF>
    {
        int pairs = size / 2;
        const int chunk = 1 << 14;
        int chunks = Math.Max(1, (pairs + chunk - 1) / chunk);
        var partial = new GoldilocksExt2[chunks, 3];
        Parallel.For(0, chunks, c =>
        {
            GoldilocksExt2 s0 = GoldilocksExt2.Zero, s1 = GoldilocksExt2.Zero, s2 = GoldilocksExt2.Zero;
            for (int j = c * chunk, end = Math.Min(pairs, (c + 1) * chunk); j < end; j++)
            {
                TF f0 = fa[2 * j], f1 = fa[2 * j + 1];
                GoldilocksExt2 g0 = ga[2 * j], g1 = ga[2 * j + 1];
                s0 += Mul(g0, f0);
                s1 += Mul(g1, f1);
                s2 += Mul(g1 + g1 - g0, f1 + f1 - f0);
            }
            partial[c, 0] = s0;
            partial[c, 1] = s1;
            partial[c, 2] = s2;
        });
        var result = new GoldilocksExt2[3];
        for (int c = 0; c < chunks; c++)
        {
            for (int k = 0; k < 3; k++) result[k] += partial[c, k];
        }
        return result;
    }

    /// <summary>g · f for f in the base field or the extension (a base-field f costs two base multiplications).</summary>
    private static GoldilocksExt2 Mul<TF>(GoldilocksExt2 g, TF f) where TF : struct, IField<TF> =>
        typeof(TF) == typeof(Goldilocks) ? g * (Goldilocks)(object)f : g * (GoldilocksExt2)(object)f;

    /// <summary>In place: t[j] = t[2j] + r·(t[2j + 1] − t[2j]) for j &lt; half (binds the lowest variable), in parallel chunks.</summary>
    private static void Fold(GoldilocksExt2[] t, int half, GoldilocksExt2 r)
    {
        // Folding in place in parallel would let one chunk read entries another chunk already overwrote; a buffer avoids it.
        var folded = new GoldilocksExt2[half];
        ParallelChunks(half, (start, end) =>
        {
            for (int j = start; j < end; j++) folded[j] = t[2 * j] + r * (t[2 * j + 1] - t[2 * j]);
        });
        Array.Copy(folded, t, half);
    }

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, count) in chunks of 2^14, in parallel (each index written by one chunk).</summary>
    private static void ParallelChunks(int count, Action<int, int> body)
    {
        const int chunk = 1 << 14;
        Parallel.For(0, (count + chunk - 1) / chunk, c => body(c * chunk, Math.Min(count, (c + 1) * chunk)));
    }
}
