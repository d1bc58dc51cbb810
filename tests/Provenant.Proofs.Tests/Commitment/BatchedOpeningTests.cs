using Provenant.Core;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using static Provenant.Proofs.Tests.Commitment.MultilinearPcsTests;

namespace Provenant.Proofs.Tests.Commitment;

/// <summary>Many evaluation claims reduced by sumcheck to one PCS opening: honest batches verify, any change is rejected.</summary>
public class BatchedOpeningTests
{
    /// <summary>A point whose high coordinates are Boolean constants (a slot of the hypercube), like a weight-tensor claim.</summary>
    private static GoldilocksExt2[] SlotPoint(Random rng, int n, int free, long slot) =>
        Enumerable.Range(0, n).Select(i => i < free ? E(rng) : ((slot >> (i - free)) & 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero).ToArray();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(6, 1)]
    [InlineData(9, 8)]
    [InlineData(13, 5)]
    public void Honest_batches_of_dense_and_slot_points_verify_and_return_the_mle_values(int n, int count)
    {
        var rng = new Random(200 + n);
        var f = Values(rng, 1 << n);
        var (commitment, data) = MultilinearPcs.Commit(f);
        var points = Enumerable.Range(0, count).Select(j => j % 2 == 0 || n < 2 ? Point(rng, n) : SlotPoint(rng, n, n / 2, j % (1 << (n - n / 2)))).ToArray();
        var (values, proof) = BatchedOpening.Open(data, points, NewTranscript());
        for (int j = 0; j < count; j++)
            Assert.Equal(MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(f, points[j], x => x), values[j]);
        var result = BatchedOpening.Verify(commitment, points, values, proof.ToBytes(), NewTranscript());
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Proof_size_does_not_grow_with_the_number_of_claims()
    {
        var rng = new Random(21);
        var (_, data) = MultilinearPcs.Commit(Values(rng, 1 << 12));
        int one = BatchedOpening.Open(data, [Point(rng, 12)], NewTranscript()).Proof.ToBytes().Length;
        int many = BatchedOpening.Open(data, Enumerable.Range(0, 16).Select(_ => Point(rng, 12)).ToArray(), NewTranscript()).Proof.ToBytes().Length;
        Assert.InRange(many, one - 64 * 32, one + 64 * 32); // only the Merkle multiproof may differ (query positions)
    }

    [Fact]
    public void Wrong_values_points_rounds_or_final_value_are_rejected()
    {
        var rng = new Random(22);
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << 10));
        var points = new[] { Point(rng, 10), SlotPoint(rng, 10, 6, 5), Point(rng, 10) };
        var (values, proof) = BatchedOpening.Open(data, points, NewTranscript());
        for (int j = 0; j < 3; j++)
        {
            var wrong = (GoldilocksExt2[])values.Clone();
            wrong[j] += GoldilocksExt2.One;
            Rejected(BatchedOpening.Verify(commitment, points, wrong, proof, NewTranscript()));
            var moved = points.Select(p => (GoldilocksExt2[])p.Clone()).ToArray();
            moved[j][9] = moved[j][9] == GoldilocksExt2.One ? GoldilocksExt2.Zero : GoldilocksExt2.One;
            Rejected(BatchedOpening.Verify(commitment, moved, values, proof, NewTranscript()));
        }
        // Rounds changed consistently (s(0) + s(1) kept) still fail at the next round or at the end.
        foreach (int round in new[] { 0, 5, 9 })
        {
            var rounds = proof.RoundEvaluations.Select(s => (GoldilocksExt2[])s.Clone()).ToArray();
            rounds[round][0] += GoldilocksExt2.One;
            rounds[round][1] -= GoldilocksExt2.One;
            Rejected(BatchedOpening.VerifyCore(commitment, points, values, new BatchedOpeningProof(rounds, proof.FinalValue, proof.Opening), NewTranscript()));
            rounds[round][2] += GoldilocksExt2.One;
            Rejected(BatchedOpening.VerifyCore(commitment, points, values, new BatchedOpeningProof(rounds, proof.FinalValue, proof.Opening), NewTranscript()));
        }
        Rejected(BatchedOpening.VerifyCore(commitment, points, values, new BatchedOpeningProof(proof.RoundEvaluations, proof.FinalValue + GoldilocksExt2.One, proof.Opening), NewTranscript()));
        Rejected(BatchedOpening.VerifyCore(commitment, points, values, new BatchedOpeningProof(proof.RoundEvaluations[1..], proof.FinalValue, proof.Opening), NewTranscript()));
        Rejected(BatchedOpening.VerifyCore(commitment, points, values, new BatchedOpeningProof(null!, proof.FinalValue, null!), NewTranscript()));
        Rejected(BatchedOpening.VerifyCore(commitment, points[..2], values[..2], proof, NewTranscript()));
        var other = MultilinearPcs.Commit(Values(rng, 1 << 10)).Commitment;
        Rejected(BatchedOpening.Verify(other, points, values, proof, NewTranscript()));
    }

    [Fact]
    public void Any_single_byte_change_or_truncation_is_rejected_without_exceptions()
    {
        var rng = new Random(23);
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << 9));
        var points = new[] { Point(rng, 9), Point(rng, 9) };
        var (values, proof) = BatchedOpening.Open(data, points, NewTranscript());
        var bytes = proof.ToBytes();
        Assert.True(BatchedOpening.Verify(commitment, points, values, bytes, NewTranscript()).IsValid);
        foreach (int pos in Enumerable.Range(0, 9 + 9 * 16 + 30).Concat(Enumerable.Range(0, 300).Select(_ => rng.Next(bytes.Length))))
        {
            var mutated = (byte[])bytes.Clone();
            mutated[pos] ^= (byte)rng.Next(1, 256);
            Assert.False(ParseAndVerifyCore(commitment, points, values, mutated).IsValid, $"flip at byte {pos} accepted");
        }
        foreach (int length in new[] { 0, 8, 9, 100, bytes.Length - 1 })
            Assert.False(ParseAndVerifyCore(commitment, points, values, bytes[..length]).IsValid);
        for (int i = 0; i < 100; i++)
        {
            var garbage = new byte[rng.Next(0, 2000)];
            rng.NextBytes(garbage);
            if (garbage.Length > 9) "PPCB\u0001"u8.CopyTo(garbage);
            Assert.False(ParseAndVerifyCore(commitment, points, values, garbage).IsValid);
        }
    }

    [Fact]
    public void Quadratic_interpolation_matches_the_polynomial()
    {
        var rng = new Random(24);
        GoldilocksExt2 c0 = E(rng), c1 = E(rng), c2 = E(rng), x = E(rng);
        GoldilocksExt2 S(GoldilocksExt2 t) => c0 + c1 * t + c2 * t * t;
        var two = GoldilocksExt2.One + GoldilocksExt2.One;
        Assert.Equal(S(x), BatchedOpening.InterpolateQuadratic([S(GoldilocksExt2.Zero), S(GoldilocksExt2.One), S(two)], x));
    }

    private static VerificationResult ParseAndVerifyCore(PcsCommitment c, GoldilocksExt2[][] points, GoldilocksExt2[] values, byte[] bytes) =>
        BatchedOpeningProof.TryParse(bytes, out var proof, out var reason)
            ? BatchedOpening.VerifyCore(c, points, values, proof, NewTranscript())
            : VerificationResult.Rejected(reason);

    private static void Rejected(VerificationResult r) => Assert.False(r.IsValid, "accepted: " + r);
}
