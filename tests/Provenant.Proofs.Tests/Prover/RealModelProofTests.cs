using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>Proofs of the quantized digits MLP (QLookup normalisation, QGemm, Requantize with ReLU, QGemm, Requantize) on real digits.</summary>
public sealed class RealModelProofTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(900)]
    public void Digits_mlp_proof_verifies_on_a_real_digit(int row)
    {
        var model = ProofModels.Get(ProofModels.Digits);
        var h = new ProofHarness(model.Graph, model.InputShape);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var proof = h.Prove(h.Witness(model.Input(row).AsSpan<float>().ToArray()));
        var proving = clock.Elapsed;
        clock.Restart();
        var result = h.Verify(proof);
        output.WriteLine($"digits row {row}: prove {proving.TotalMilliseconds:F0} ms, verify {clock.Elapsed.TotalMilliseconds:F0} ms, {proof.Length} bytes; {result}");
        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4242 % 1000)]
    public void Fashion_cnn_proof_verifies_on_a_real_fashion_mnist_image(int row)
    {
        // QConv, Requantize+ReLU, QMaxPool 2×2, QConv, Requantize+ReLU, QMaxPool 2×2, Flatten, QGemm, Requantize.
        var model = ProofModels.Get(ProofModels.FashionCnn);
        var h = new ProofHarness(model.Graph, model.InputShape).WithSkeleton(model.Bytes);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var proof = h.Prove(h.Witness(model.Input(row).AsSpan<float>().ToArray()));
        var proving = clock.Elapsed;
        clock.Restart();
        var result = h.VerifyFile(proof);
        output.WriteLine($"fashion row {row}: prove {proving.TotalMilliseconds:F0} ms, verify {clock.Elapsed.TotalMilliseconds:F0} ms, {proof.Length} bytes; {result}");
        Assert.True(result.IsValid, result.ToString());
        var flipped = (byte[])proof.Clone();
        flipped[flipped.Length / 2] ^= 1;
        Assert.False(h.VerifyFile(flipped).IsValid);
    }
}
