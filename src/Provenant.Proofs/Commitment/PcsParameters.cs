using System.Globalization;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// The parameters of the Ligero-style multilinear commitment for one polynomial size: the 2^n evaluations form a
/// 2^<see cref="RowVariables"/> × 2^<see cref="ColumnVariables"/> matrix (evaluation index = column + row·columns, so
/// the low variables select the column), each row is Reed–Solomon encoded with rate ρ = 2^−<see cref="RateLog"/>,
/// and the verifier opens <see cref="QueryCount"/> uniformly random codeword columns after the prover has found a
/// <see cref="GrindingBits"/>-bit proof-of-work nonce (<see cref="ProofOfWork"/>; none in the provable profile).
/// Two profiles (<see cref="PcsSecurityProfile"/>): provable (unique decoding) and conjectured (list-decoding
/// capacity, the default).
/// </summary>
/// <remarks>
/// <para>Provable profile (docs/proof-system-pcs.md): ε ≤ ((1 + ρ)/2)^t + n_code/|F_{p²}|, where (1 + ρ)/2 = 1 − δ with
/// δ = (1 − ρ)/2 the unique-decoding radius of the MDS code (proximity gaps for Reed–Solomon codes in that regime:
/// Ben-Sasson, Carmon, Ishai, Kopparty, Saraf 2020, Thm 1.2; Ligero [AHIV17] §4; Brakedown [GLSTW23] §4), and the
/// second term bounds a random combination with F_{p²} coefficients landing close to the code by chance.
/// With ρ = 1/4 and t = 148: (5/8)^148 = 2^−100.36 and n_code/p² = 2^(log2 n_code − 128), so ε ≤ 2^−100 whenever
/// n_code ≤ 2^25; <see cref="For(int)"/> picks n_code ≤ 2^18 for every n ≤ 28 (e.g. n = 22: n_code = 2^16, −log2 ε =
/// 100.35; <see cref="SecurityBits"/> computes it).</para>
/// <para>Conjectured profile: with the ethSTARK conjecture (each query of a code of rate ρ errs with probability about
/// ρ, proximity gaps up to list-decoding capacity) and g bits of grinding before the queries,
/// ε ≈ 2^−g·ρ^t + n_code/p²; ρ = 1/8, t = 28, g = 18 gives 2^−102.</para>
/// <para>The matrix shape is a deterministic function of n (<see cref="For(int)"/>): the column count minimizing the
/// estimated size of a one-point opening, two rows of 2^c extension elements plus t columns of 2^(n−c) base elements
/// plus Merkle siblings.</para>
/// </remarks>
public sealed record PcsParameters
{
    /// <summary>log2(1/ρ) of the default profile (ρ = 1/4).</summary>
    public const int DefaultRateLog = 2;

    /// <summary>Column queries of the default profile: ⌈100 / log2(2/(1 + ρ))⌉ = ⌈100 / 0.678⌉ = 148.</summary>
    public const int DefaultQueryCount = 148;

    /// <summary>log2(1/ρ) of the conjectured profile (ρ = 1/8).</summary>
    public const int ConjecturedRateLog = 3;

    /// <summary>Column queries of the conjectured profile: ⌈(100 − g)/log2(1/ρ)⌉ = ⌈82/3⌉ = 28 (84 bits from the queries, 102 with the grinding).</summary>
    public const int ConjecturedQueryCount = 28;

    /// <summary>Proof-of-work bits of the conjectured profile (2^18 SHA-256 evaluations expected per opening).</summary>
    public const int ConjecturedGrindingBits = 18;

    /// <summary>The profile <see cref="For(int)"/> uses: <see cref="PcsSecurityProfile.Conjectured"/>.</summary>
    public const PcsSecurityProfile DefaultProfile = PcsSecurityProfile.Conjectured;

    /// <summary>The largest number of variables supported (the codeword length 2^(c + RateLog) must stay ≤ 2^30).</summary>
    public const int MaxVariables = 30;

    private PcsParameters(int variableCount, int columnVariables, int rateLog, int queryCount, int grindingBits, PcsSecurityProfile profile)
    {
        GrindingBits = grindingBits;
        Profile = profile;
        VariableCount = variableCount;
        ColumnVariables = columnVariables;
        RateLog = rateLog;
        QueryCount = queryCount;
    }

    /// <summary>n, the number of variables of the committed multilinear polynomial (2^n evaluations).</summary>
    public int VariableCount { get; }

    /// <summary>c = log2 of the column count (row length k, the RS message length).</summary>
    public int ColumnVariables { get; }

    /// <summary>n − c = log2 of the row count.</summary>
    public int RowVariables => VariableCount - ColumnVariables;

    /// <summary>log2(1/ρ).</summary>
    public int RateLog { get; }

    /// <summary>t, the number of codeword columns the verifier samples (with replacement).</summary>
    public int QueryCount { get; }

    /// <summary>g, the leading zero bits the proof-of-work nonce must give before the queries are drawn (0: none).</summary>
    public int GrindingBits { get; }

    /// <summary>The soundness analysis these parameters follow.</summary>
    public PcsSecurityProfile Profile { get; }

    /// <summary>Row length k = 2^c.</summary>
    public int RowLength => 1 << ColumnVariables;

    /// <summary>Row count 2^(n − c).</summary>
    public int RowCount => 1 << RowVariables;

    /// <summary>Encoded row length n_code = k/ρ, the number of Merkle leaves.</summary>
    public int CodewordLength => 1 << (ColumnVariables + RateLog);

    /// <summary>
    /// The scheme name, absorbed into every transcript and naming every parameter that changes a proof, e.g.
    /// <c>ligero-goldilocks-sha256-v1/n22-c14-r2-q148</c> (provable) or
    /// <c>ligero-goldilocks-sha256-v1/conjectured/n22-c12-r3-q28-g18</c> (conjectured).
    /// </summary>
    public string Scheme => Profile == PcsSecurityProfile.Provable
        ? string.Create(CultureInfo.InvariantCulture, $"ligero-goldilocks-sha256-v1/n{VariableCount}-c{ColumnVariables}-r{RateLog}-q{QueryCount}")
        : string.Create(CultureInfo.InvariantCulture,
            $"ligero-goldilocks-sha256-v1/conjectured/n{VariableCount}-c{ColumnVariables}-r{RateLog}-q{QueryCount}-g{GrindingBits}");

    /// <summary>The default parameters (<see cref="DefaultProfile"/>) for an n-variable polynomial.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="variableCount"/> outside [0, 27].</exception>
    public static PcsParameters For(int variableCount) => For(variableCount, DefaultProfile);

    /// <summary>The parameters of <paramref name="profile"/> for an n-variable polynomial.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="variableCount"/> outside [0, 30 − log2(1/ρ)] or an unknown profile.</exception>
    public static PcsParameters For(int variableCount, PcsSecurityProfile profile) => profile switch
    {
        PcsSecurityProfile.Provable => For(variableCount, DefaultRateLog, DefaultQueryCount, 0, profile),
        PcsSecurityProfile.Conjectured => For(variableCount, ConjecturedRateLog, ConjecturedQueryCount, ConjecturedGrindingBits, profile),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown PCS security profile"),
    };

    /// <summary>The largest n a commitment of <paramref name="profile"/> supports (the codeword length stays ≤ 2^30).</summary>
    public static int MaxVariablesOf(PcsSecurityProfile profile) =>
        MaxVariables - (profile == PcsSecurityProfile.Provable ? DefaultRateLog : ConjecturedRateLog);

    /// <summary>Parameters with an explicit rate and query count (for exploring trade-offs; commitments use the default profile).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (n + rate ≤ 30 needed for every shape, 1 ≤ t ≤ 4096).</exception>
    internal static PcsParameters For(int variableCount, int rateLog, int queryCount) =>
        For(variableCount, rateLog, queryCount, 0, PcsSecurityProfile.Provable);

    private static PcsParameters For(int variableCount, int rateLog, int queryCount, int grindingBits, PcsSecurityProfile profile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(variableCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(rateLog, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(variableCount + rateLog, MaxVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queryCount, 4096);
        int best = variableCount;
        double bestSize = double.MaxValue;
        for (int c = 0; c <= variableCount; c++)
        {
            double size = EstimatedOpeningBytes(variableCount, c, rateLog, queryCount, 1);
            if (size < bestSize)
            {
                bestSize = size;
                best = c;
            }
        }
        return new PcsParameters(variableCount, best, rateLog, queryCount, grindingBits, profile);
    }

    /// <summary>
    /// An estimate of the opening proof size in bytes for <paramref name="points"/> points: (points + 1) rows of 2^c
    /// extension elements, min(t, n_code) columns of 2^(n − c) base elements, and t·(log2 n_code − log2 t) Merkle
    /// siblings (the shared upper levels of the multiproof are counted once).
    /// </summary>
    public static double EstimatedOpeningBytes(int variableCount, int columnVariables, int rateLog, int queryCount, int points)
    {
        double codeLog = columnVariables + rateLog;
        double columns = Math.Min(queryCount, Math.Pow(2, codeLog));
        double rows = (points + 1) * Math.Pow(2, columnVariables) * 16;
        double opened = columns * Math.Pow(2, variableCount - columnVariables) * 8;
        double siblings = columns * Math.Max(0, codeLog - Math.Log2(queryCount)) * 32;
        return rows + opened + siblings;
    }

    /// <summary>
    /// −log2 ε, the soundness error of one opening under the profile's analysis (see the type's remarks): provable
    /// ε = ((1 + ρ)/2)^t + n_code/p²; conjectured ε = 2^−g·ρ^t + n_code/p².
    /// </summary>
    public double SecurityBits()
    {
        double rho = Math.Pow(2, -RateLog);
        double perQuery = Profile == PcsSecurityProfile.Provable ? (1 + rho) / 2 : rho;
        double queryTerm = QueryCount * Math.Log2(perQuery) - GrindingBits;
        double fieldTerm = (ColumnVariables + RateLog) - 2 * Math.Log2(18446744069414584321.0);
        // log2(2^a + 2^b) computed stably.
        double hi = Math.Max(queryTerm, fieldTerm), lo = Math.Min(queryTerm, fieldTerm);
        return -(hi + Math.Log2(1 + Math.Pow(2, lo - hi)));
    }
}
