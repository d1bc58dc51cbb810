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

    [Fact]
    public void Mnist_cnn_with_a_3x3_stride_3_max_pool_proof_verifies()
    {
        // samples/models/mnist-cnn (wonnx opt-mnist): QConv 5×5, ReLU, QMaxPool 2×2, QConv 5×5, ReLU, QMaxPool 3×3/3 (not a
        // tiling of 14, proven through the generic window protocol), Reshape, QGemm; input: a Fashion-MNIST t10k image.
        using var samples = new Weights.QuantizedSamples();
        var graph = Inference.Graph.ModelGraph.Load(samples.MnistCnn);
        var h = new ProofHarness(graph, [1, 1, 28, 28]).WithSkeleton(File.ReadAllBytes(samples.MnistCnn));
        Assert.Contains(h.Circuit.Layers, l => l is Proofs.Circuit.PoolLayer { IsTiling: false });
        var input = ProofModels.Get(ProofModels.FashionCnn).Input(3).AsSpan<float>().ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var proof = h.Prove(h.Witness(input));
        var proving = clock.Elapsed;
        clock.Restart();
        var result = h.VerifyFile(proof);
        output.WriteLine($"mnist-cnn: prove {proving.TotalMilliseconds:F0} ms, verify {clock.Elapsed.TotalMilliseconds:F0} ms, {proof.Length} bytes; {result}");
        Assert.True(result.IsValid, result.ToString());
        var pool = h.Circuit.Layers.OfType<Proofs.Circuit.PoolLayer>().Last();
        Assert.False(h.Verify(h.Prove(h.Tampered(h.Witness(input), pool.Output, 5))).IsValid);
    }
}
