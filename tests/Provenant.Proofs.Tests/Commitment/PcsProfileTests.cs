using Provenant.Proofs.Commitment;
using Provenant.Proofs.Field;
using static Provenant.Proofs.Tests.Commitment.MultilinearPcsTests;

namespace Provenant.Proofs.Tests.Commitment;

/// <summary>
/// The two PCS security profiles: the conjectured one grinds a proof-of-work nonce the verifier checks, a proof made
/// under one profile never verifies against a commitment of the other, and every single-byte change of a small
/// conjectured proof is rejected.
/// </summary>
public class PcsProfileTests
{
    [Theory]
    [InlineData(PcsSecurityProfile.Provable, 100.35, 100.36)]
    [InlineData(PcsSecurityProfile.Conjectured, 101.99, 102.01)]
    public void Security_bits_follow_the_documented_formula(PcsSecurityProfile profile, double low, double high)
    {
        var p = PcsParameters.For(22, profile);
        Assert.InRange(p.SecurityBits(), low, high);
        double rho = Math.Pow(2, -p.RateLog);
        double query = profile == PcsSecurityProfile.Provable ? -p.QueryCount * Math.Log2((1 + rho) / 2) : p.QueryCount * p.RateLog + p.GrindingBits;
        Assert.InRange(query - p.SecurityBits(), 0, 0.01); // the field term n_code/p² costs under 0.01 bits
    }

    [Fact]
    public void Conjectured_openings_carry_a_nonce_with_the_required_leading_zero_bits()
    {
        var (commitment, data, points, values, proof) = Open(PcsSecurityProfile.Conjectured, 11, seed: 1);
        Assert.Equal(PcsSecurityProfile.Conjectured, commitment.Profile);
        Assert.True(MultilinearPcs.Verify(commitment, points, values, proof, NewTranscript()).IsValid);
        // Replaying the verifier's transcript up to the grinding step gives the seed; the nonce solves it and every
        // smaller nonce does not (the prover returns the smallest, whatever the thread count).
        var prm = data.Parameters;
        var t = NewTranscript();
        MultilinearPcs.AbsorbStatement(t, commitment, prm, points, [.. values]);
        t.ChallengeExtVector("pcs/proximity", prm.RowCount);
        t.Absorb<GoldilocksExt2>("pcs/proximity-row", proof.ProximityRow);
        foreach (var row in proof.CombinedRows) t.Absorb<GoldilocksExt2>("pcs/combined-row", row);
        var seed = new byte[32];
        t.Squeeze("pcs/pow-seed", seed);
        Assert.True(ProofOfWork.IsValid(seed, proof.Nonce, prm.GrindingBits));
        for (ulong nonce = 0; nonce < proof.Nonce; nonce++) Assert.False(ProofOfWork.IsValid(seed, nonce, prm.GrindingBits), $"smaller nonce {nonce} also valid");
    }

    [Fact]
    public void A_wrong_nonce_is_rejected()
    {
        var (commitment, _, points, values, proof) = Open(PcsSecurityProfile.Conjectured, 9, seed: 2);
        foreach (ulong nonce in new[] { proof.Nonce + 1, proof.Nonce - 1, 0UL, ulong.MaxValue })
        {
            if (nonce == proof.Nonce) continue;
            var forged = new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, proof.Columns, proof.Siblings, nonce);
            var r = MultilinearPcs.VerifyCore(commitment, points, values, forged, NewTranscript());
            Assert.False(r.IsValid, $"nonce {nonce} accepted");
        }
    }

    [Fact]
    public void A_provable_proof_must_not_carry_a_nonce()
    {
        var (commitment, _, points, values, proof) = Open(PcsSecurityProfile.Provable, 9, seed: 3);
        Assert.Equal(0UL, proof.Nonce);
        Assert.True(MultilinearPcs.VerifyCore(commitment, points, values, proof, NewTranscript()).IsValid);
        var forged = new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, proof.Columns, proof.Siblings, 1);
        Assert.Contains("nonce", MultilinearPcs.VerifyCore(commitment, points, values, forged, NewTranscript()).Reason);
    }

    [Theory]
    [InlineData(PcsSecurityProfile.Provable)]
    [InlineData(PcsSecurityProfile.Conjectured)]
    public void A_proof_never_verifies_against_the_same_root_under_the_other_profile(PcsSecurityProfile profile)
    {
        var (commitment, _, points, values, proof) = Open(profile, 10, seed: 4);
        var other = profile == PcsSecurityProfile.Provable ? PcsSecurityProfile.Conjectured : PcsSecurityProfile.Provable;
        var claimed = new PcsCommitment(commitment.Root, commitment.VariableCount, other);
        Assert.NotEqual(commitment, claimed);
        Assert.False(MultilinearPcs.VerifyCore(claimed, points, values, proof, NewTranscript()).IsValid);
        // The commitment encoding names the profile: flipping it is refused by the parser (the grinding byte then
        // disagrees), and the version-1 encoding reads as provable.
        var bytes = commitment.ToBytes();
        Assert.Equal((byte)profile, bytes[38]);
        bytes[38] = (byte)other;
        Assert.False(PcsCommitment.TryParse(bytes, out _, out _));
        var v1 = new byte[38];
        commitment.ToBytes().AsSpan(0, 38).CopyTo(v1);
        v1[0] = 1;
        bool parsed = PcsCommitment.TryParse(v1, out var legacy, out _);
        Assert.Equal(profile == PcsSecurityProfile.Provable, parsed);
        if (parsed) Assert.Equal(commitment, legacy);
    }

    [Fact]
    public void Every_single_byte_change_of_a_small_conjectured_proof_is_rejected()
    {
        var (commitment, _, points, values, proof) = Open(PcsSecurityProfile.Conjectured, 6, seed: 5);
        var bytes = proof.ToBytes();
        Assert.True(MultilinearPcs.Verify(commitment, points, values, bytes, NewTranscript()).IsValid);
        for (int i = 0; i < bytes.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80 })
            {
                var changed = (byte[])bytes.Clone();
                changed[i] ^= mask;
                var r = MultilinearPcs.Verify(commitment, points, values, changed, NewTranscript());
                Assert.False(r.IsValid, $"byte {i} ^ 0x{mask:x2} of {bytes.Length} accepted");
            }
        }
    }

    [Fact]
    public void A_random_point_opening_has_no_proximity_row_under_the_conjectured_profile_and_every_byte_counts()
    {
        var rng = new Random(7);
        const int n = 6;
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << n), n, PcsSecurityProfile.Conjectured);
        var point = Point(rng, n);
        var (value, proof) = MultilinearPcs.OpenAtRandomPoint(data, point, NewTranscript());
        Assert.Empty(proof.ProximityRow);
        var bytes = proof.ToBytes();
        Assert.Equal(PcsOpeningProof.TensorProximityVersion, bytes[4]);
        Assert.True(MultilinearPcs.VerifyAtRandomPoint(commitment, point, value, bytes, NewTranscript()).IsValid);
        // The general verifier expects a proximity row and refuses this form.
        Assert.False(MultilinearPcs.Verify(commitment, [point], [value], bytes, NewTranscript()).IsValid);
        // An ordinary (version-2) opening of the same point is refused where the random-point form is expected.
        var (_, withRow) = MultilinearPcs.Open(data, [point], NewTranscript());
        Assert.False(MultilinearPcs.VerifyAtRandomPoint(commitment, point, value, withRow.ToBytes(), NewTranscript()).IsValid);
        Assert.False(MultilinearPcs.VerifyAtRandomPoint(commitment, point, value + GoldilocksExt2.One, bytes, NewTranscript()).IsValid);
        for (int i = 0; i < bytes.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80 })
            {
                var changed = (byte[])bytes.Clone();
                changed[i] ^= mask;
                Assert.False(MultilinearPcs.VerifyAtRandomPoint(commitment, point, value, changed, NewTranscript()).IsValid, $"byte {i} ^ 0x{mask:x2} of {bytes.Length} accepted");
            }
        }
        // Under the provable profile the random-point opening keeps the proximity row (version 2).
        var (provable, provableData) = MultilinearPcs.Commit(Values(rng, 1 << n), n, PcsSecurityProfile.Provable);
        var (pv, pp) = MultilinearPcs.OpenAtRandomPoint(provableData, point, NewTranscript());
        Assert.Equal(PcsOpeningProof.Version, pp.ToBytes()[4]);
        Assert.True(MultilinearPcs.VerifyAtRandomPoint(provable, point, pv, pp.ToBytes(), NewTranscript()).IsValid);
    }

    private static (PcsCommitment, PcsProverData, GoldilocksExt2[][], GoldilocksExt2[], PcsOpeningProof) Open(PcsSecurityProfile profile, int n, int seed)
    {
        var rng = new Random(seed);
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << n), n, profile);
        GoldilocksExt2[][] points = [Point(rng, n)];
        var (values, proof) = MultilinearPcs.Open(data, points, NewTranscript());
        return (commitment, data, points, values, proof);
    }
}
