using Provenant.Formats.Onnx;
using Xunit.Abstractions;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>
/// The int8 GEMM's instruction paths (AVX-VNNI, AVX2, scalar; <see cref="Int8GemmPath"/>) give the exact integers and the
/// same bytes: QGemm and QConv on randomized shapes (K, M and N around the 4/8/16/64 boundaries, tails) against a long
/// reference, the int32 bound at its extreme, and every node's output bytes of real quantized models on each path with
/// 1 and 2 threads. A path the processor lacks runs scalar, and the test says so in its output.
/// </summary>
public sealed class Int8GemmPathTests(ITestOutputHelper output)
{
    internal static readonly Int8GemmPath[] Paths = [Int8GemmPath.AvxVnni, Int8GemmPath.Avx2, Int8GemmPath.Scalar];

    internal static T OnPath<T>(Int8GemmPath path, Func<T> run)
    {
        Int8Gemm.Forced.Value = path;
        try
        {
            return run();
        }
        finally
        {
            Int8Gemm.Forced.Value = null;
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 41, 82)]
    [InlineData(3, 3, 7)]
    [InlineData(4, 4, 8)]
    [InlineData(5, 5, 9)]
    [InlineData(7, 15, 16)]
    [InlineData(8, 16, 17)]
    [InlineData(9, 17, 33)]
    [InlineData(2, 63, 15)]
    [InlineData(6, 64, 24)]
    [InlineData(13, 65, 40)]
    [InlineData(4, 130, 1)]
    [InlineData(2, 0, 5)]
    public void QGemm_is_exact_and_identical_on_every_path(int m, int k, int n)
    {
        var r = new Random(m * 1000 + k * 10 + n);
        var a = RandomInt8(r, m * k);
        var b = RandomInt8(r, n * k);
        var bias = Enumerable.Range(0, n).Select(_ => r.Next(-1_000_000, 1_000_000)).ToArray();
        foreach (sbyte zp in new sbyte[] { -128, 127, 0, -9 })
        {
            var results = Paths.Select(p => OnPath(p, () => Run(QuantDomain.QGemm,
                [Act("a", Tensor.FromArray(a, m, k)), Param("za", I8(zp)), Param("b", Tensor.FromArray(b, n, k)), Param("bias", Tensor.FromArray(bias, n))]))).ToArray();
            var got = results[0].AsSpan<int>();
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    long s = bias[j];
                    for (var t = 0; t < k; t++)
                    {
                        s += (long)(a[i * k + t] - zp) * b[j * k + t];
                    }
                    Assert.Equal(s, got[i * n + j]);
                }
            }
            Assert.All(results, y => Assert.Equal(results[0].ToBytes(), y.ToBytes()));
        }
    }

    [Fact]
    public void The_int32_bound_at_its_extreme_is_exact_on_every_path()
    {
        // K = 65536 weights of −128: 255 · Σ|w| = 2,139,095,040, plus a bias up to 8,388,607 ≤ 2^31 − 1 (the load-time bound).
        const int K = 1 << 16, N = 9;
        var b = new sbyte[N * K];
        Array.Fill(b, (sbyte)-128);
        for (var i = 0; i < K; i++)
        {
            b[8 * K + i] = 127; // one column of the other sign
        }
        var bias = new[] { 8_388_607, -8_388_607, 0, 1, -1, 5, -5, 8_388_607, -8_388_607 };
        foreach (var (value, zp) in new (sbyte, sbyte)[] { (-128, 127), (127, -128), (0, 0), (-128, -128) })
        {
            var a = new sbyte[2 * K];
            Array.Fill(a, value);
            var results = Paths.Select(p => OnPath(p, () => Run(QuantDomain.QGemm,
                [Act("a", Tensor.FromArray(a, 2, K)), Param("za", I8(zp)), Param("b", Tensor.FromArray(b, N, K)), Param("bias", Tensor.FromArray(bias, N))]))).ToArray();
            for (var j = 0; j < N; j++)
            {
                var expected = bias[j] + (long)(value - zp) * K * (j == 8 ? 127 : -128);
                Assert.InRange(expected, int.MinValue, int.MaxValue);
                Assert.All(results, y => Assert.Equal(expected, y.AsSpan<int>()[N + j]));
            }
        }
    }

    [Theory]
    [InlineData(1, 8, 28, 28, 5, 5, 1, 2, 1)]  // the small CNN's first layer: K = 25
    [InlineData(1, 16, 14, 14, 5, 5, 8, 2, 1)] // its second: K = 200
    [InlineData(2, 6, 9, 7, 3, 2, 4, 1, 1)]    // groups of 3 channels, K = 12
    [InlineData(1, 5, 11, 13, 3, 3, 3, 0, 1)]  // 5 channels (row tail), K = 27, 99 positions (column tail)
    [InlineData(1, 17, 4, 4, 1, 1, 65, 0, 1)]  // a 1×1 convolution with K = 65
    [InlineData(1, 9, 12, 37, 3, 4, 2, 1, 3)]  // stride 3 on the last axis (the byte-by-byte im2col), lines of 13
    [InlineData(1, 4, 3, 40, 2, 3, 3, 2, 1)]   // lines of 42 output positions: several 16-byte chunks per line
    public void QConv_is_exact_and_identical_on_every_path(int group, int m, int h, int w, int kh, int kw, int channelsPerGroup, int pad, int lastStride)
    {
        var r = new Random(m * 31 + h);
        var c = channelsPerGroup * group;
        var x = RandomInt8(r, c * h * w);
        var wt = RandomInt8(r, m * channelsPerGroup * kh * kw);
        var bias = Enumerable.Range(0, m).Select(_ => r.Next(-5000, 5000)).ToArray();
        const sbyte Zp = 5;
        var results = Paths.Select(p => OnPath(p, () => Run(QuantDomain.QConv,
            [Act("x", Tensor.FromArray(x, 1, c, h, w)), Param("zx", I8(Zp)), Param("w", Tensor.FromArray(wt, m, channelsPerGroup, kh, kw)), Param("bias", Tensor.FromArray(bias, m))],
            OnnxAttribute.FromInts("pads", pad, pad, pad, pad), OnnxAttribute.FromInts("strides", 1, lastStride), OnnxAttribute.FromInt("group", group)))).ToArray();
        var expected = ConvReference.Run(x, 1, c, h, w, wt, m, kh, kw, group, bias, Zp, [1, lastStride], [pad, pad, pad, pad], [1, 1], out var oh, out var ow);
        Assert.Equal([1, m, oh, ow], results[0].Shape);
        Assert.Equal(expected, results[0].AsSpan<int>().ToArray().Select(v => (long)v));
        Assert.All(results, y => Assert.Equal(results[0].ToBytes(), y.ToBytes()));
    }

    [Theory]
    [InlineData("wonnx-opt-mnist")]
    [InlineData("ezkl-3l_relu_conv_fc")]
    [InlineData("deepprove-mlp-iris")]
    [InlineData("ezkl-accuracy")]
    [InlineData("ezkl-nanoGPT")] // QGather, QMatMul (per-call packing), masked int8 QSoftmax, QLayerNorm rows of 64
    public void Real_models_give_the_same_node_bytes_on_every_path_and_thread_count(string name)
    {
        var (_, quantized, inputs) = QuantizedModels.Quantize(name);
        AssertSameOnEveryPath(quantized, inputs);
    }

    [Theory]
    [InlineData("mnist-cnn/opt-mnist.onnx", "../../tests/Provenant.Inference.Tests/ModelInputs/wonnx-opt-mnist/7.json")]
    [InlineData("digits-mlp/digits-mlp.onnx", "digits-mlp/digit-0.json")]
    public void Sample_models_give_the_same_node_bytes_on_every_path_and_thread_count(string model, string input)
    {
        var (quantized, feed) = QuantizedModels.QuantizeSample(model, input);
        AssertSameOnEveryPath(quantized, [feed]);
    }

    private void AssertSameOnEveryPath(ModelGraph quantized, IEnumerable<IReadOnlyDictionary<string, Tensor>> inputs)
    {
        var engines = new[] { new IntegerEngine(quantized, new EngineOptions(1)), new IntegerEngine(quantized, new EngineOptions(2)) };
        var gemmNodes = quantized.Nodes.Count(n => n.OpType is QuantDomain.QGemm or QuantDomain.QConv);
        Assert.True(gemmNodes > 0, "the model has no QGemm or QConv node");
        foreach (var input in inputs)
        {
            byte[]? first = null;
            foreach (var path in Paths)
            {
                foreach (var engine in engines)
                {
                    var trace = new List<byte>();
                    OnPath(path, () => engine.Run(input, (_, outs) => trace.AddRange(outs.SelectMany(t => t!.ToBytes()))));
                    first ??= [.. trace];
                    Assert.Equal(first, trace);
                }
            }
            Assert.NotEmpty(first!);
        }
        output.WriteLine($"{quantized.Nodes.Count} nodes ({gemmNodes} QGemm/QConv) identical on {string.Join(", ", Paths.Select(p => $"{p} (ran {OnPath(p, () => Int8Gemm.Current)})"))} × 1, 2 threads");
    }
}
