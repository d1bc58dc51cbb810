using System.Text;
using Provenant.Core;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// A hash-based multilinear polynomial commitment in the Ligero / Brakedown style over Goldilocks (Ames, Hazay,
/// Ishai, Venkitasubramaniam, "Ligero", CCS 2017, §4; Golovnev et al., "Brakedown", CRYPTO 2023, §4 with the tensor
/// evaluation of §3): commit to the 2^n evaluations of f as a matrix M (2^(n−c) rows × 2^c columns, evaluation
/// index = column + row·2^c) whose rows are Reed–Solomon encoded and whose encoded columns are Merkle leaves; open at
/// points r = (r_lo ‖ r_hi) (r_lo the low c coordinates) by sending u = eq(r_hi)ᵀM, since
/// f̃(r) = Σ_row Σ_col eq(r_hi, row)·eq(r_lo, col)·M[row, col] = ⟨u, eq(r_lo)⟩.
/// </summary>
/// <remarks>
/// <para>Opening protocol (prover and verifier run the same transcript steps):</para>
/// <list type="number">
/// <item>absorb "pcs/scheme" (<see cref="PcsParameters.Scheme"/>), "pcs/root", "pcs/points" (count, then each point),
/// "pcs/values";</item>
/// <item>γ ← ChallengeExtVector("pcs/proximity", rows): independent uniform F_{p²} coefficients;</item>
/// <item>the prover sends w = γᵀM and u⁽ʲ⁾ = eq(r_hi⁽ʲ⁾)ᵀM for every point j; absorbed as "pcs/proximity-row" and
/// "pcs/combined-row";</item>
/// <item>when the parameters have g &gt; 0 grinding bits, the prover finds a proof-of-work nonce
/// (<see cref="ProofOfWork"/>: seed "pcs/pow-seed", nonce absorbed as "pcs/pow-nonce") and the verifier checks it;</item>
/// <item>t query positions q_i ← ChallengeIndex("pcs/query", n_code), sampled with replacement; the prover opens the
/// distinct columns in ascending order with one Merkle multiproof;</item>
/// <item>the verifier checks ⟨u⁽ʲ⁾, eq(r_lo⁽ʲ⁾)⟩ = v_j, and at every opened column q: ⟨γ, col_q⟩ = Enc(w)[q] and
/// ⟨eq(r_hi⁽ʲ⁾), col_q⟩ = Enc(u⁽ʲ⁾)[q], and that the columns hash to the committed root.</item>
/// </list>
/// <para>All points share the same column queries, so opening several points of one polynomial costs one extra row
/// (2^c extension elements) per point. Security parameters and the soundness bound: <see cref="PcsParameters"/>,
/// docs/proof-system-pcs.md. Not hiding (no zero-knowledge masking).</para>
/// </remarks>
public static class MultilinearPcs
{
    /// <summary>Commits to <paramref name="evaluations"/>, zero-padded to 2^n with n = ⌈log2 length⌉, under the default profile.</summary>
    /// <returns>The public commitment and the data <see cref="Open"/> needs.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 2^28 evaluations.</exception>
    public static (PcsCommitment Commitment, PcsProverData ProverData) Commit(ReadOnlySpan<Goldilocks> evaluations) =>
        Commit(evaluations, MultilinearExtension.VariableCount(evaluations.Length));

    /// <summary>Commits to <paramref name="evaluations"/> as an n-variable polynomial (zero-padded to 2^n) under the default profile.</summary>
    /// <exception cref="ArgumentException">More than 2^n evaluations, or n above 27.</exception>
    public static (PcsCommitment Commitment, PcsProverData ProverData) Commit(ReadOnlySpan<Goldilocks> evaluations, int variableCount) =>
        Commit(evaluations, variableCount, PcsParameters.DefaultProfile);

    /// <summary>Commits to <paramref name="evaluations"/> as an n-variable polynomial (zero-padded to 2^n) under <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentException">More than 2^n evaluations, n above the profile's maximum, or an unknown profile.</exception>
    public static (PcsCommitment Commitment, PcsProverData ProverData) Commit(ReadOnlySpan<Goldilocks> evaluations, int variableCount, PcsSecurityProfile profile)
    {
        var parameters = PcsParameters.For(variableCount, profile);
        if (evaluations.Length > 1L << variableCount)
            throw new ArgumentException($"PCS: {evaluations.Length} evaluations do not fit {variableCount} variables.", nameof(evaluations));
        var values = new Goldilocks[1 << variableCount];
        evaluations.CopyTo(values);
        int k = parameters.RowLength, nCode = parameters.CodewordLength, rows = parameters.RowCount;
        var code = new ReedSolomonCode(parameters.ColumnVariables, parameters.RateLog);
        var encoded = new Goldilocks[(long)rows * nCode];
        Parallel.For(0, rows, row => code.Encode(values.AsSpan(row * k, k), encoded.AsSpan(row * nCode, nCode)));
        var tree = ColumnMerkleTree.Build(encoded, rows, parameters.ColumnVariables + parameters.RateLog);
        var data = new PcsProverData(parameters, values, encoded, tree);
        return (data.Commitment, data);
    }

    /// <summary>
    /// Opens the committed polynomial at every point (each n coordinates over F_{p²}) with one proof; the values are
    /// f̃(r⁽ʲ⁾) in point order. The transcript must be in the state the verifier will have.
    /// </summary>
    /// <exception cref="ArgumentException">No points, more than 4096, or a point of the wrong length.</exception>
    public static (GoldilocksExt2[] Values, PcsOpeningProof Proof) Open(PcsProverData proverData, IReadOnlyList<GoldilocksExt2[]> points, Transcript transcript) =>
        OpenCore(proverData, points, transcript, tensorProximity: false);

    /// <summary>
    /// Whether an opening at a random point (<see cref="OpenAtRandomPoint"/>) under these parameters uses the point's
    /// combined row as the proximity test: under the conjectured profile only (docs/proof-system-pcs.md §Tensor
    /// proximity); the provable profile always sends the independent proximity row.
    /// </summary>
    public static bool UsesTensorProximity(PcsParameters parameters) =>
        parameters?.Profile == PcsSecurityProfile.Conjectured;

    /// <summary>
    /// Opens the committed polynomial at one point that is <b>uniformly random given the commitment</b>: every coordinate
    /// a fresh transcript challenge drawn after the root was absorbed (e.g. the point of a sumcheck over the committed
    /// polynomial). Under the conjectured profile the combined row eq(r_hi)ᵀM then doubles as the proximity test (a
    /// random tensor-structured combination of the rows, Diamond–Posen 2023), so no proximity row is sent (encoding
    /// version 3); under the provable profile this equals <see cref="Open"/> with one point.
    /// </summary>
    /// <exception cref="ArgumentException">The point has the wrong length.</exception>
    public static (GoldilocksExt2 Value, PcsOpeningProof Proof) OpenAtRandomPoint(PcsProverData proverData, GoldilocksExt2[] point, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(proverData);
        var (values, proof) = OpenCore(proverData, [point], transcript, UsesTensorProximity(proverData.Parameters));
        return (values[0], proof);
    }

    /// <summary>
    /// Verifies an opening made by <see cref="OpenAtRandomPoint"/>. The caller must have drawn <paramref name="point"/>
    /// itself from the transcript after the commitment was absorbed (the soundness of the tensor proximity test rests on
    /// it). Never throws.
    /// </summary>
    public static VerificationResult VerifyAtRandomPoint(PcsCommitment commitment, GoldilocksExt2[] point, GoldilocksExt2 value,
        ReadOnlySpan<byte> proofBytes, Transcript transcript)
    {
        if (!PcsOpeningProof.TryParse(proofBytes, out var proof, out var reason)) return VerificationResult.Rejected(reason);
        bool tensor = UsesTensorProximity(commitment?.Parameters!);
        return VerifierGuard.Run("PCS opening", () => VerifyCore(commitment, [point], [value], proof, transcript, tensor));
    }

    private static (GoldilocksExt2[] Values, PcsOpeningProof Proof) OpenCore(PcsProverData proverData, IReadOnlyList<GoldilocksExt2[]> points, Transcript transcript,
        bool tensorProximity)
    {
        ArgumentNullException.ThrowIfNull(proverData);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(transcript);
        var prm = proverData.Parameters;
        if (CheckPoints(prm, points) is { } problem) throw new ArgumentException("PCS open: " + problem, nameof(points));
        int c = prm.ColumnVariables;
        var evalRows = points.Select(pt => EqPolynomial.Table<GoldilocksExt2>(pt.AsSpan(c))).ToArray();
        var loTables = points.Select(pt => EqPolynomial.Table<GoldilocksExt2>(pt.AsSpan(0, c))).ToArray();
        var combined = CombineRows(proverData, evalRows);
        var values = new GoldilocksExt2[points.Count];
        for (int j = 0; j < values.Length; j++) values[j] = InnerProduct(combined[j], loTables[j]);

        AbsorbStatement(transcript, proverData.Commitment, prm, points, values);
        GoldilocksExt2[] proximity = [];
        if (!tensorProximity)
        {
            var gamma = transcript.ChallengeExtVector("pcs/proximity", prm.RowCount);
            proximity = CombineRows(proverData, [gamma])[0];
        }
        AbsorbRows(transcript, proximity, combined);
        ulong nonce = prm.GrindingBits > 0 ? ProofOfWork.Grind(transcript, prm.GrindingBits) : 0;
        var positions = QueryPositions(transcript, prm);

        int rows = prm.RowCount, nCode = prm.CodewordLength;
        var columns = positions.Select(q =>
        {
            var col = new Goldilocks[rows];
            for (int r = 0; r < rows; r++) col[r] = proverData.Encoded[(long)r * nCode + q];
            return col;
        }).ToArray();
        var proof = new PcsOpeningProof(proximity, combined, columns, proverData.Tree.Siblings(positions), nonce);
        return (values, proof);
    }

    /// <summary>
    /// Verifies an opening proof of <paramref name="commitment"/> at <paramref name="points"/> with claimed
    /// <paramref name="values"/>. Returns a rejection with a reason for any malformed or wrong input; never throws.
    /// </summary>
    public static VerificationResult Verify(PcsCommitment commitment, IReadOnlyList<GoldilocksExt2[]> points,
        IReadOnlyList<GoldilocksExt2> values, PcsOpeningProof proof, Transcript transcript)
        => VerifierGuard.Run("PCS opening", () => VerifyCore(commitment, points, values, proof, transcript));

    /// <summary>Parses <paramref name="proofBytes"/> (<see cref="PcsOpeningProof.TryParse"/>) and verifies; never throws.</summary>
    public static VerificationResult Verify(PcsCommitment commitment, IReadOnlyList<GoldilocksExt2[]> points,
        IReadOnlyList<GoldilocksExt2> values, ReadOnlySpan<byte> proofBytes, Transcript transcript) =>
        PcsOpeningProof.TryParse(proofBytes, out var proof, out var reason)
            ? Verify(commitment, points, values, proof!, transcript)
            : VerificationResult.Rejected(reason);

    /// <summary>The checks of <see cref="Verify(PcsCommitment, IReadOnlyList{GoldilocksExt2[]}, IReadOnlyList{GoldilocksExt2}, PcsOpeningProof, Transcript)"/> without the exception guard (tests call this to show no check throws).</summary>
    internal static VerificationResult VerifyCore(PcsCommitment? commitment, IReadOnlyList<GoldilocksExt2[]>? points,
        IReadOnlyList<GoldilocksExt2>? values, PcsOpeningProof? proof, Transcript? transcript) =>
        VerifyCore(commitment, points, values, proof, transcript, tensorProximity: false);

    /// <summary>
    /// The checks; with <paramref name="tensorProximity"/> the proof must hold one point and no proximity row, and the
    /// columns are checked against that point's combined row only (its point must be random, see <see cref="OpenAtRandomPoint"/>).
    /// </summary>
    internal static VerificationResult VerifyCore(PcsCommitment? commitment, IReadOnlyList<GoldilocksExt2[]>? points,
        IReadOnlyList<GoldilocksExt2>? values, PcsOpeningProof? proof, Transcript? transcript, bool tensorProximity)
    {
        if (commitment is null || points is null || values is null || proof is null || transcript is null)
            return Reject("a commitment, points, values, proof and transcript are required");
        var prm = commitment.Parameters;
        if (CheckPoints(prm, points) is { } problem) return Reject(problem);
        if (values.Count != points.Count) return Reject($"{values.Count} values for {points.Count} points");
        int k = prm.RowLength, rows = prm.RowCount, c = prm.ColumnVariables;
        if (proof.ProximityRow is null || proof.CombinedRows is null || proof.Columns is null || proof.Siblings is null)
            return Reject("the proof is missing parts");
        if (tensorProximity && points.Count != 1) return Reject($"a tensor proximity test opens one random point, not {points.Count}");
        int expectedProximity = tensorProximity ? 0 : k;
        if (proof.ProximityRow.Length != expectedProximity) return Reject($"proximity row has {proof.ProximityRow.Length} entries, expected {expectedProximity}");
        if (proof.CombinedRows.Length != points.Count) return Reject($"{proof.CombinedRows.Length} combined rows for {points.Count} points");
        for (int j = 0; j < points.Count; j++)
        {
            if (proof.CombinedRows[j]?.Length != k) return Reject($"combined row {j} has {proof.CombinedRows[j]?.Length ?? 0} entries, expected {k}");
        }

        var valueArray = values.ToArray();
        AbsorbStatement(transcript, commitment, prm, points, valueArray);
        var gamma = tensorProximity ? [] : transcript.ChallengeExtVector("pcs/proximity", rows);
        AbsorbRows(transcript, proof.ProximityRow, proof.CombinedRows);
        if (prm.GrindingBits == 0)
        {
            if (proof.Nonce != 0) return Reject($"a proof-of-work nonce {proof.Nonce} for parameters without grinding ({prm.Scheme})");
        }
        else if (!ProofOfWork.Verify(transcript, prm.GrindingBits, proof.Nonce))
        {
            return Reject($"the proof-of-work nonce {proof.Nonce} does not give {prm.GrindingBits} leading zero bits");
        }
        var positions = QueryPositions(transcript, prm);

        if (proof.Columns.Length != positions.Length) return Reject($"{proof.Columns.Length} columns opened, expected {positions.Length}");
        for (int i = 0; i < positions.Length; i++)
        {
            if (proof.Columns[i]?.Length != rows) return Reject($"column {positions[i]} has {proof.Columns[i]?.Length ?? 0} entries, expected {rows}");
        }
        if (proof.Siblings.Any(s => s is null || s.Length != 32)) return Reject("a Merkle sibling is not 32 bytes");

        for (int j = 0; j < points.Count; j++)
        {
            var lo = EqPolynomial.Table<GoldilocksExt2>(points[j].AsSpan(0, c));
            if (InnerProduct(proof.CombinedRows[j], lo) != valueArray[j])
                return Reject($"point {j}: the combined row does not evaluate to the claimed value");
        }

        var code = new ReedSolomonCode(c, prm.RateLog);
        var encodedProximity = tensorProximity ? [] : code.EncodeExt(proof.ProximityRow);
        var hiTables = points.Select(pt => EqPolynomial.Table<GoldilocksExt2>(pt.AsSpan(c))).ToArray();
        var encodedRows = proof.CombinedRows.Select(r => code.EncodeExt(r)).ToArray();
        for (int i = 0; i < positions.Length; i++)
        {
            int q = positions[i];
            var column = proof.Columns[i];
            if (!tensorProximity && ColumnCombination(gamma, column) != encodedProximity[q])
                return Reject($"column {q} is inconsistent with the proximity row (the committed rows are not close to the code)");
            for (int j = 0; j < points.Count; j++)
            {
                if (ColumnCombination(hiTables[j], column) != encodedRows[j][q])
                    return Reject($"column {q} is inconsistent with the combined row of point {j}");
            }
        }

        var leaves = proof.Columns.Select(col => ColumnMerkleTree.HashColumn(col)).ToArray();
        if (!ColumnMerkleTree.TryComputeRoot(c + prm.RateLog, positions, leaves, proof.Siblings, out var root, out var merkleProblem))
            return Reject(merkleProblem);
        if (!root.AsSpan().SequenceEqual(commitment.Root)) return Reject("the opened columns do not hash to the committed root");
        return VerificationResult.Valid($"PCS opening of {points.Count} point(s) verified ({prm.Scheme}, {positions.Length} columns)");
    }

    private static VerificationResult Reject(string reason) => VerificationResult.Rejected("PCS opening rejected: " + reason);

    internal static string? CheckPoints(PcsParameters prm, IReadOnlyList<GoldilocksExt2[]> points)
    {
        if (points.Count == 0) return "no points to open";
        if (points.Count > PcsOpeningProof.MaxPoints) return $"{points.Count} points exceed the maximum {PcsOpeningProof.MaxPoints}";
        for (int j = 0; j < points.Count; j++)
        {
            if (points[j] is null || points[j].Length != prm.VariableCount)
                return $"point {j} has {points[j]?.Length ?? 0} coordinates, expected {prm.VariableCount}";
        }
        return null;
    }

    internal static void AbsorbStatement(Transcript transcript, PcsCommitment commitment, PcsParameters prm,
        IReadOnlyList<GoldilocksExt2[]> points, GoldilocksExt2[] values)
    {
        transcript.Absorb("pcs/scheme", Encoding.UTF8.GetBytes(prm.Scheme));
        transcript.Absorb("pcs/root", commitment.Root);
        transcript.Absorb("pcs/points", (ulong)points.Count);
        foreach (var pt in points) transcript.Absorb<GoldilocksExt2>("pcs/point", pt);
        transcript.Absorb<GoldilocksExt2>("pcs/values", values);
    }

    private static void AbsorbRows(Transcript transcript, GoldilocksExt2[] proximity, GoldilocksExt2[][] combined)
    {
        if (proximity.Length > 0) transcript.Absorb<GoldilocksExt2>("pcs/proximity-row", proximity);
        else transcript.Absorb("pcs/tensor-proximity", 1UL);
        foreach (var row in combined) transcript.Absorb<GoldilocksExt2>("pcs/combined-row", row);
    }

    /// <summary>t positions sampled with replacement, returned sorted and distinct.</summary>
    private static int[] QueryPositions(Transcript transcript, PcsParameters prm)
    {
        var set = new SortedSet<int>();
        for (int i = 0; i < prm.QueryCount; i++) set.Add((int)transcript.ChallengeIndex("pcs/query", (ulong)prm.CodewordLength));
        return [.. set];
    }

    /// <summary>For each coefficient vector a (length rows), aᵀM (length k); parallel over column blocks.</summary>
    private static GoldilocksExt2[][] CombineRows(PcsProverData data, GoldilocksExt2[][] coefficients)
    {
        var prm = data.Parameters;
        int k = prm.RowLength, rows = prm.RowCount;
        var result = coefficients.Select(_ => new GoldilocksExt2[k]).ToArray();
        const int block = 1024;
        Parallel.For(0, (k + block - 1) / block, b =>
        {
            int start = b * block, end = Math.Min(k, start + block);
            for (int r = 0; r < rows; r++)
            {
                var row = data.Evaluations.AsSpan(r * k + start, end - start);
                for (int j = 0; j < coefficients.Length; j++)
                {
                    GoldilocksExt2 a = coefficients[j][r];
                    var acc = result[j].AsSpan(start, end - start);
                    for (int i = 0; i < row.Length; i++) acc[i] += a * row[i];
                }
            }
        });
        return result;
    }

    private static GoldilocksExt2 ColumnCombination(GoldilocksExt2[] coefficients, Goldilocks[] column)
    {
        GoldilocksExt2 acc = GoldilocksExt2.Zero;
        for (int r = 0; r < column.Length; r++) acc += coefficients[r] * column[r];
        return acc;
    }

    private static GoldilocksExt2 InnerProduct(GoldilocksExt2[] a, GoldilocksExt2[] b)
    {
        GoldilocksExt2 acc = GoldilocksExt2.Zero;
        for (int i = 0; i < a.Length; i++) acc += a[i] * b[i];
        return acc;
    }
}
