using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Sumcheck;

/// <summary>
/// The sumcheck prover (Lund–Fortnow–Karloff–Nisan; Thaler, "Proofs, Arguments, and Zero-Knowledge", §4.1) for
/// Σ_{b ∈ {0,1}^n} g(f_0(b), …, f_{k−1}(b)) with multilinear tables f_t and a combining function g of degree d.
/// </summary>
/// <remarks>
/// <para>Round j (variable j, lowest first, matching <see cref="Polynomials.MultilinearExtension.FixLowestVariable{T}"/>):
/// for each of the 2^{n−j−1} remaining pairs the prover extends every table linearly to X = 0..d and sums g, which gives
/// g_j(0..d); it absorbs them under "sumcheck/round", draws r_j = "sumcheck/challenge" from the transcript and binds
/// variable j of every table to r_j. Cost: 2^n·k·(d + 1) additions and 2^n·(d + 1) evaluations of g in total (the
/// rounds halve), plus the folds, O(2^n·k). Before round 0 the transcript absorbs (n, d) under "sumcheck/shape" and
/// the claimed sum under "sumcheck/claim".</para>
/// <para>Large rounds are split over the machine's cores; partial sums are added afterwards, and field addition is
/// exact, so the proof does not depend on the thread count.</para>
/// </remarks>
public static class SumcheckProver
{
    private const int ParallelThreshold = 1 << 12;

    /// <summary>
    /// Proves Σ_b g(f(b)) for the tables <paramref name="tables"/> (all of length 2^n). The arrays are consumed: they
    /// are folded in place and hold garbage afterwards (copy them first if they are still needed).
    /// </summary>
    /// <typeparam name="TFunction">The combining function (a struct, so it is inlined).</typeparam>
    /// <returns>The proof, the claimed sum, the challenge point r and f_t(r) for every table.</returns>
    /// <exception cref="ArgumentException">No tables, lengths differ or are not a power of two, or the degree is below 1.</exception>
    public static SumcheckProverResult Prove<TFunction>(GoldilocksExt2[][] tables, TFunction function, Transcript transcript)
        where TFunction : ISumcheckFunction
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(transcript);
        int n = CheckTables(tables);
        int d = function.Degree;
        if (d < 1) throw new ArgumentException($"Sumcheck: degree {d} is below 1.");
        transcript.Absorb("sumcheck/shape", ((ulong)n << 32) | (uint)d);
        var rounds = new GoldilocksExt2[n][];
        var point = new GoldilocksExt2[n];
        GoldilocksExt2 claimed;
        if (n == 0)
        {
            claimed = function.Evaluate(FirstEntries(tables));
            transcript.Absorb("sumcheck/claim", claimed);
        }
        else
        {
            claimed = GoldilocksExt2.Zero;
            int size = tables[0].Length;
            for (int j = 0; j < n; j++)
            {
                int half = size >> 1;
                var evals = new GoldilocksExt2[d + 1];
                RoundEvaluations(tables, half, function, evals);
                if (j == 0)
                {
                    claimed = evals[0] + evals[1];
                    transcript.Absorb("sumcheck/claim", claimed);
                }
                transcript.Absorb<GoldilocksExt2>("sumcheck/round", evals);
                rounds[j] = evals;
                var r = transcript.ChallengeExt("sumcheck/challenge");
                point[j] = r;
                Fold(tables, size, r);
                size = half;
            }
        }
        return new SumcheckProverResult(new SumcheckProof(rounds), claimed, point, FirstEntries(tables));
    }

    /// <summary>
    /// Proves Σ_b eq(r, b)·H(f(b)) for a function g(eq, f_0, …) = eq·H(f_0, …) that is linear in its first argument, with
    /// exactly the messages and transcript of <see cref="Prove{TFunction}"/> on the tables (eq(r, ·), f_0, …), but without
    /// the eq table: each round factors g_j(X) = C_j·eq(r_j, X)·h_j(X) (Gruen 2024, §3), evaluates h_j of degree d − 1 at
    /// d points instead of g_j at d + 1, and folds one table fewer.
    /// </summary>
    /// <param name="r">The eq point (one coordinate per variable).</param>
    /// <param name="tables">f_0, … (length 2^n each, n = |r|; consumed).</param>
    /// <param name="function">g, called with 1 in place of eq to obtain H.</param>
    /// <param name="transcript">The transcript.</param>
    /// <returns>As <see cref="Prove{TFunction}"/>; FinalEvaluations[0] is eq(r, point), then f_t(point).</returns>
    /// <exception cref="ArgumentException">Table lengths do not match r, or the degree is below 2.</exception>
    public static SumcheckProverResult ProveWithEq<TFunction>(GoldilocksExt2[] r, GoldilocksExt2[][] tables, TFunction function, Transcript transcript)
        where TFunction : ISumcheckFunction
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(transcript);
        int n = CheckTables(tables);
        int d = function.Degree;
        if (n != r.Length || d < 2) throw new ArgumentException($"Sumcheck: {n} variables for an eq point of {r.Length}, degree {d}.");
        transcript.Absorb("sumcheck/shape", ((ulong)n << 32) | (uint)d);
        var rounds = new GoldilocksExt2[n][];
        var point = new GoldilocksExt2[n];
        var prefix = GoldilocksExt2.One;
        var hInterpolation = new RoundPolynomial(d - 1);
        GoldilocksExt2 claimed = GoldilocksExt2.Zero, one = GoldilocksExt2.One;
        int size = 1 << n;
        for (int j = 0; j < n; j++)
        {
            int half = size >> 1;
            var weights = EqPolynomial.Table<GoldilocksExt2>(r.AsSpan(j + 1));
            var h = new GoldilocksExt2[d];
            WeightedEvaluations(tables, weights, half, function, h);
            var evals = new GoldilocksExt2[d + 1];
            var rj = r[j];
            for (int x = 0; x <= d; x++)
            {
                var xv = (GoldilocksExt2)Goldilocks.FromUInt64((ulong)x);
                var hx = x < d ? h[x] : hInterpolation.Evaluate(h, xv);
                evals[x] = prefix * ((one - rj) * (one - xv) + rj * xv) * hx;
            }
            if (j == 0)
            {
                claimed = evals[0] + evals[1];
                transcript.Absorb("sumcheck/claim", claimed);
            }
            transcript.Absorb<GoldilocksExt2>("sumcheck/round", evals);
            rounds[j] = evals;
            var rho = transcript.ChallengeExt("sumcheck/challenge");
            point[j] = rho;
            prefix *= (one - rj) * (one - rho) + rj * rho;
            Fold(tables, size, rho);
            size = half;
        }
        var finals = new GoldilocksExt2[tables.Length + 1];
        finals[0] = prefix;
        for (int t = 0; t < tables.Length; t++) finals[t + 1] = tables[t][0];
        if (n == 0)
        {
            claimed = function.Evaluate(finals);
            transcript.Absorb("sumcheck/claim", claimed);
        }
        return new SumcheckProverResult(new SumcheckProof(rounds), claimed, point, finals);
    }

    private static void WeightedEvaluations<TFunction>(GoldilocksExt2[][] tables, GoldilocksExt2[] weights, int half, TFunction function, GoldilocksExt2[] sums)
        where TFunction : ISumcheckFunction
    {
        int width = sums.Length;
        int chunks = half >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 16) : 1;
        var partial = new GoldilocksExt2[chunks * width];
        void Run(int c)
        {
            int start = (int)((long)half * c / chunks), end = (int)((long)half * (c + 1) / chunks);
            int k = tables.Length;
            Span<GoldilocksExt2> cur = k < 32 ? stackalloc GoldilocksExt2[k + 1] : new GoldilocksExt2[k + 1];
            Span<GoldilocksExt2> diff = k < 32 ? stackalloc GoldilocksExt2[k] : new GoldilocksExt2[k];
            Span<GoldilocksExt2> acc = width <= 32 ? stackalloc GoldilocksExt2[width] : new GoldilocksExt2[width];
            acc.Clear();
            for (int i = start; i < end; i++)
            {
                cur[0] = GoldilocksExt2.One;
                for (int t = 0; t < k; t++)
                {
                    var table = tables[t];
                    var lo = table[2 * i];
                    cur[t + 1] = lo;
                    diff[t] = table[2 * i + 1] - lo;
                }
                var w = weights[i];
                acc[0] += w * function.Evaluate(cur);
                for (int x = 1; x < width; x++)
                {
                    for (int t = 0; t < k; t++) cur[t + 1] += diff[t];
                    acc[x] += w * function.Evaluate(cur);
                }
            }
            for (int x = 0; x < width; x++) partial[c * width + x] = acc[x];
        }
        if (chunks == 1) Run(0);
        else Parallel.For(0, chunks, Run);
        for (int c = 0; c < chunks; c++)
        {
            for (int x = 0; x < width; x++) sums[x] += partial[c * width + x];
        }
    }

    private static GoldilocksExt2[] FirstEntries(GoldilocksExt2[][] tables)
    {
        var f = new GoldilocksExt2[tables.Length];
        for (int t = 0; t < tables.Length; t++) f[t] = tables[t][0];
        return f;
    }

    private static int CheckTables(GoldilocksExt2[][] tables)
    {
        if (tables.Length == 0) throw new ArgumentException("Sumcheck: no tables.");
        int len = tables[0]?.Length ?? 0;
        if (len == 0 || (len & (len - 1)) != 0) throw new ArgumentException($"Sumcheck: table length {len} is not a power of two.");
        foreach (var t in tables)
        {
            if (t is null || t.Length != len) throw new ArgumentException($"Sumcheck: tables differ in length (expected {len}).");
        }
        return System.Numerics.BitOperations.Log2((uint)len);
    }

    private static void RoundEvaluations<TFunction>(GoldilocksExt2[][] tables, int half, TFunction function, GoldilocksExt2[] sums)
        where TFunction : ISumcheckFunction
    {
        int width = sums.Length;
        int chunks = half >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 16) : 1;
        if (chunks <= 1)
        {
            Accumulate(tables, 0, half, function, sums);
            return;
        }
        var partial = new GoldilocksExt2[chunks * width];
        Parallel.For(0, chunks, c =>
        {
            long start = (long)half * c / chunks, end = (long)half * (c + 1) / chunks;
            Accumulate(tables, (int)start, (int)end, function, partial.AsSpan(c * width, width));
        });
        for (int c = 0; c < chunks; c++)
        {
            for (int x = 0; x < width; x++) sums[x] += partial[c * width + x];
        }
    }

    private static void Accumulate<TFunction>(GoldilocksExt2[][] tables, int start, int end, TFunction function, Span<GoldilocksExt2> sums)
        where TFunction : ISumcheckFunction
    {
        int k = tables.Length, d = sums.Length - 1;
        Span<GoldilocksExt2> cur = k <= 32 ? stackalloc GoldilocksExt2[k] : new GoldilocksExt2[k];
        Span<GoldilocksExt2> diff = k <= 32 ? stackalloc GoldilocksExt2[k] : new GoldilocksExt2[k];
        Span<GoldilocksExt2> acc = d < 32 ? stackalloc GoldilocksExt2[d + 1] : new GoldilocksExt2[d + 1];
        acc.Clear();
        for (int i = start; i < end; i++)
        {
            for (int t = 0; t < k; t++)
            {
                var table = tables[t];
                var lo = table[2 * i];
                cur[t] = lo;
                diff[t] = table[2 * i + 1] - lo;
            }
            acc[0] += function.Evaluate(cur);
            for (int x = 1; x <= d; x++)
            {
                for (int t = 0; t < k; t++) cur[t] += diff[t];
                acc[x] += function.Evaluate(cur);
            }
        }
        for (int x = 0; x <= d; x++) sums[x] += acc[x];
    }

    private static void Fold(GoldilocksExt2[][] tables, int size, GoldilocksExt2 r)
    {
        if (size >= 2 * ParallelThreshold && tables.Length > 1)
        {
            Parallel.For(0, tables.Length, t => FoldOne(tables[t], size, r));
        }
        else
        {
            foreach (var t in tables) FoldOne(t, size, r);
        }
    }

    private static void FoldOne(GoldilocksExt2[] table, int size, GoldilocksExt2 r)
    {
        int half = size >> 1;
        for (int j = 0; j < half; j++)
        {
            var lo = table[2 * j];
            table[j] = lo + r * (table[2 * j + 1] - lo);
        }
    }
}
