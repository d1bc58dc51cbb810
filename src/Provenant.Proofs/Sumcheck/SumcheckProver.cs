using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;

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
