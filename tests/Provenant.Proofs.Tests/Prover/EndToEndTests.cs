using Provenant.Proofs.Tests;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>Honest proofs of small synthetic models verify, one layer kind at a time.</summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData("gemm", 1)]
    [InlineData("gemm", 2)]
    [InlineData("lookup-gemm", 3)]
    [InlineData("conv", 4)]
    [InlineData("lookup-add", 5)]
    [InlineData("lookup-add", 6)]
    public void Honest_proof_verifies(string kind, int seed)
    {
        var (graph, shape) = kind switch
        {
            "gemm" => (SyntheticModels.Gemm(seed), new[] { 1, 16 }),
            "lookup-gemm" => (SyntheticModels.LookupGemm(seed), new[] { 1, 16 }),
            "lookup-add" => (SyntheticModels.LookupAdd(seed), new[] { 1, 16 }),
            _ => (SyntheticModels.ConvGemm(seed), new[] { 1, 2, 6, 5 }),
        };
        var h = new ProofHarness(graph, shape);
        var witness = h.Witness(SyntheticModels.Input(seed, shape.Aggregate(1, (a, b) => a * b)));
        var proof = h.Prove(witness);
        var result = h.Verify(proof);
        Assert.True(result.IsValid, result.ToString());
    }
}
