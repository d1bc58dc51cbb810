using System.Buffers.Binary;
using System.Text;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>
/// Inference proofs under both PCS profiles: each verifies against its own weight commitment; the profile cannot be
/// swapped (advice commitment, weight commitment file, proof-of-work nonce of either opening), and every byte of the
/// statement, advice commitment and both nonces is covered by the verification.
/// </summary>
public sealed class PcsProfileProofTests
{
    [Theory]
    [InlineData(PcsSecurityProfile.Provable)]
    [InlineData(PcsSecurityProfile.Conjectured)]
    public void A_proof_verifies_under_its_profile_and_not_under_the_other(PcsSecurityProfile profile)
    {
        var h = new ProofHarness(SyntheticModels.LookupGemm(21), [1, 16], profile);
        var bytes = h.Prove(h.Witness(SyntheticModels.Input(21, 16)));
        Assert.True(h.Verify(bytes).IsValid);
        Assert.True(ProofFile.TryParse(bytes, out var proof, out _));
        Assert.Equal(profile, proof!.AdviceCommitment!.Profile);

        var other = profile == PcsSecurityProfile.Provable ? PcsSecurityProfile.Conjectured : PcsSecurityProfile.Provable;
        // The same weights committed under the other profile: another commitment file, so the statement's digest differs.
        var otherWeights = new ProofHarness(SyntheticModels.LookupGemm(21), [1, 16], other).Weights;
        Assert.Equal(h.Weights.RootHex.Length, otherWeights.RootHex.Length);
        Assert.False(h.Verify(bytes, otherWeights).IsValid);
        // The advice commitment relabelled with the other profile (same root): refused before any opening.
        var relabelled = proof with { AdviceCommitment = new PcsCommitment(proof.AdviceCommitment.Root, proof.AdviceCommitment.VariableCount, other) };
        var r = h.Verify(ProofFile.ToBytes(relabelled));
        Assert.False(r.IsValid);
        Assert.Contains("profile", r.Reason);
    }

    [Fact]
    public void A_weight_commitment_file_keeps_its_profile()
    {
        foreach (var profile in Enum.GetValues<PcsSecurityProfile>())
        {
            var w = new ProofHarness(SyntheticModels.Gemm(22), [1, 16], profile).Weights;
            var parsed = WeightCommitment.Parse(w.ToJsonBytes(), "w.json");
            Assert.Equal(profile, parsed.Pcs.Profile);
            Assert.Equal(w.ToJsonBytes(), parsed.ToJsonBytes());
            Assert.Equal(profile == PcsSecurityProfile.Conjectured, Encoding.UTF8.GetString(w.ToJsonBytes()).Contains("/conjectured/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_byte_of_the_statement_advice_commitment_and_nonces_is_checked()
    {
        var h = new ProofHarness(SyntheticModels.LookupGemm(23), [1, 16]);
        var bytes = h.Prove(h.Witness(SyntheticModels.Input(23, 16)));
        Assert.True(h.Verify(bytes).IsValid);
        Assert.True(ProofFile.TryParse(bytes, out var proof, out _));
        var positions = new List<int>();
        // Header, statement, skeleton length and the advice flag/commitment: the first bytes up to the step count.
        int adviceAt = bytes.AsSpan().IndexOf(proof!.AdviceCommitment!.ToBytes());
        Assert.True(adviceAt > 0);
        positions.AddRange(Enumerable.Range(0, adviceAt + PcsCommitment.EncodedLength));
        // The proof-of-work nonce of each opening (after magic, version, k, p and the rows: p + 1 in version 2, p in
        // version 3, which has no proximity row).
        foreach (var opening in new[] { proof.WeightOpening, proof.AdviceOpening })
        {
            int at = bytes.AsSpan().IndexOf(opening);
            Assert.True(at > 0);
            int k = (int)BinaryPrimitives.ReadUInt32LittleEndian(opening.AsSpan(5));
            int points = (int)BinaryPrimitives.ReadUInt32LittleEndian(opening.AsSpan(9));
            int rows = points + (opening[4] == PcsOpeningProof.TensorProximityVersion ? 0 : 1);
            Assert.Equal(PcsOpeningProof.TensorProximityVersion, opening[4]);
            int nonceAt = at + 13 + rows * k * 16;
            positions.AddRange(Enumerable.Range(nonceAt, 8));
        }
        foreach (int i in positions)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            Assert.False(h.Verify(changed).IsValid, $"byte {i} of {bytes.Length} changed and accepted");
        }
    }
}
