using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Integer;

/// <summary>
/// <see cref="RowLocalExecution"/> per operator on random values: which attribute and shape combinations are row-local
/// (per-channel parameters on the last axis only, broadcast operands that vary along the row only, QMatMul chunks that
/// span several batch blocks, QSoftmax masks that vary along the rows, ranks 1 to 4, fewer rows than chunks), and every
/// chunk (C ∈ {1, 2, 3, 5, 7, 16, 64}) equal to the whole node's rows byte for byte — also where the node runs whole.
/// </summary>
public sealed class RowLocalOperatorTests
{
    private static readonly int[] Counts = [1, 2, 3, 5, 7, 16, 64];

    [Theory]
    [InlineData(new[] { 6 }, -1, true)]
    [InlineData(new[] { 4, 6 }, 1, true)]
    [InlineData(new[] { 4, 6 }, -1, true)]
    [InlineData(new[] { 2, 3, 6 }, 2, true)]
    [InlineData(new[] { 2, 3, 2, 6 }, -1, true)]
    [InlineData(new[] { 6, 4 }, 0, false)] // channels on the rows
    [InlineData(new[] { 2, 6, 3 }, 1, false)] // NCHW-like: channels on axis 1
    [InlineData(new[] { 1, 6, 2, 2 }, 1, false)]
    public void Requantize_per_channel_parameters_are_row_local_only_on_the_last_axis(int[] dims, int axis, bool rowLocal)
    {
        var r = new Random(dims.Sum() * 31 + axis);
        var channels = dims[axis < 0 ? dims.Length + axis : axis];
        var node = Requantize(r, dims, channels, axis, int16: dims.Length % 2 == 0);
        Assert.Equal(rowLocal, Check(node));
        // The same shapes with one multiplier and shift are elementwise whatever the axis.
        Assert.True(Check(Requantize(r, dims, 1, axis, int16: false)));
    }

    [Theory]
    [InlineData(new[] { 2, 3, 5 }, new[] { 5 }, new[] { 0 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 1, 1, 5 }, new[] { 0 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 1, 1, 1, 5 }, new[] { 0 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 1 }, new[] { 0 })]
    [InlineData(new[] { 2, 3, 5 }, new int[0], new[] { 0 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 2, 3, 5 }, new[] { 0, 2 })]
    [InlineData(new[] { 3, 5 }, new[] { 1, 3, 5 }, new[] { 0, 2 })]
    [InlineData(new[] { 5 }, new[] { 4, 5 }, new[] { 2 })]
    [InlineData(new[] { 1, 5 }, new[] { 7, 1 }, null)] // both vary: B along the rows, A along the row's width
    [InlineData(new[] { 2, 3, 5 }, new[] { 3, 5 }, null)] // B repeats over the leading axis: varies along the rows, not as the output does
    [InlineData(new[] { 2, 3, 5 }, new[] { 2, 3, 1 }, null)]
    [InlineData(new[] { 2, 3, 5 }, new[] { 1, 3, 5 }, null)]
    public void QAdd_operands_are_row_operands_or_whole_only_when_they_vary_along_the_row(int[] a, int[] b, int[]? expected)
    {
        var r = new Random(a.Sum() + 7 * b.Sum());
        (string, Tensor, bool)[] inputs =
        [
            Act("a", Int8(r, a)), Param("za", I8((sbyte)r.Next(-128, 128))), Act("b", Int8(r, b)), Param("zb", I8((sbyte)r.Next(-128, 128))),
            Param("ma", Tensor.FromArray(new[] { r.Next() })), Param("mb", Tensor.FromArray(new[] { r.Next() })),
            Param("s", I8((sbyte)r.Next(20, 40))), Param("zy", I8((sbyte)r.Next(-128, 128))),
        ];
        var node = Record(QuantDomain.QAdd, inputs, OnnxAttribute.FromInt("relu", a.Length % 2));
        Assert.Equal(expected, RowLocalExecution.RowOperands(node.Node, 0, node.InputDims));
        Assert.Equal(expected is not null, Check(node));
    }

    [Theory]
    [InlineData(new int[0], 1, 4, 3)]
    [InlineData(new[] { 3 }, 5, 7, 4)] // 3 blocks of 5 rows: chunks of 7 or 3 rows span two blocks
    [InlineData(new[] { 4 }, 1, 3, 2)] // M = 1: every row its own block
    [InlineData(new[] { 2, 3 }, 3, 16, 9)]
    [InlineData(new[] { 1, 2 }, 64, 8, 64)]
    public void QMatMul_chunks_spanning_batch_blocks_multiply_each_row_by_its_batch(int[] batch, int m, int k, int n)
    {
        var r = new Random(m * 100 + k * 10 + n);
        var node = MatMul(r, [.. batch, m, k], [.. batch, k, n]);
        Assert.Equal([0], RowLocalExecution.RowOperands(node.Node, 0, node.InputDims));
        Assert.True(Check(node));
    }

    [Fact]
    public void QMatMul_with_batches_that_differ_is_refused_row_by_row_as_whole()
    {
        var r = new Random(5);
        var node = MatMul(r, [2, 3, 4], [2, 4, 5]);
        int[]?[] dims = [[2, 3, 4], [], [3, 4, 5], []];
        Assert.Null(RowLocalExecution.RowOperands(node.Node, 0, dims));
        var computed = new Dictionary<string, Tensor>(node.Computed) { ["b"] = Int8(r, [3, 4, 5]) };
        Assert.Throws<ProvenantException>(() => IntegerEngine.RunNode(node.Node, node.Opsets, node.Constants, computed));
        Assert.Throws<ProvenantException>(() => RowLocalExecution.RunRows(node.Node, node.Opsets, node.Constants, computed, dims, 0, 0, 3));
    }

    [Theory]
    [InlineData(new[] { 2, 3, 6 }, new[] { 6 }, 5)]
    [InlineData(new[] { 2, 3, 6 }, new[] { 3, 6 }, 5)]
    [InlineData(new[] { 2, 3, 6 }, new[] { 1, 3, 6 }, 3)]
    [InlineData(new[] { 2, 3, 6 }, new[] { 2, 3, 6 }, 5)]
    [InlineData(new[] { 2, 3, 6 }, new[] { 3, 1 }, 3)]
    [InlineData(new[] { 1, 2, 4, 4 }, new[] { 1, 1, 4, 4 }, 3)] // a causal-style mask under batch and heads
    [InlineData(new[] { 5 }, new[] { 5 }, 5)]
    [InlineData(new[] { 3, 7 }, null, 3)]
    public void QSoftmax_masks_are_sliced_to_the_rows_they_broadcast_to(int[] x, int[]? mask, int to)
    {
        var r = new Random(x.Sum() * 13 + (mask?.Sum() ?? 0) + to);
        var table = Enumerable.Range(0, 256).Select(d => (int)Math.Round(65536 * Math.Exp(-d * 0.04))).ToArray();
        List<(string, Tensor, bool)> inputs = [Act("x", Int8(r, x)), Param("table", Tensor.FromArray(table, 256))];
        if (mask is not null)
        {
            var bits = Enumerable.Range(0, TensorShape.Size(mask)).Select(_ => r.Next(3) == 0).ToArray();
            inputs.Add(Param("mask", Tensor.FromArray(bits, mask)));
            inputs.Add(Param("fill", Tensor.FromArray(Enumerable.Range(0, 256).Select(j => j % 5 == 0 ? 0 : r.Next(0, 1 << 24)).ToArray(), 256)));
        }
        var node = Record(QuantDomain.QSoftmax, [.. inputs], OnnxAttribute.FromInt("to", to));
        Assert.True(Check(node));
        var explicitAxis = Record(QuantDomain.QSoftmax, [.. inputs], OnnxAttribute.FromInt("to", to), OnnxAttribute.FromInt("axis", -1));
        Assert.True(Check(explicitAxis));
    }

    [Fact]
    public void QSoftmax_and_QLayerNorm_over_another_axis_are_not_row_local()
    {
        var node = Record(QuantDomain.QSoftmax, [Act("x", Int8(new Random(1), [2, 3, 4])), Param("table", Tensor.FromArray(Enumerable.Repeat(1, 256).ToArray(), 256))]);
        int[]?[] dims = [[2, 3, 4], [256]];
        Assert.NotNull(RowLocalExecution.RowOperands(node.Node, 0, dims));
        foreach (var axis in new[] { 0, 1, -2 })
        {
            var graph = Build(QuantDomain.QSoftmax, [Act("x", Int8(new Random(1), [2, 3, 4])), Param("table", Tensor.FromArray(Enumerable.Repeat(1, 256).ToArray(), 256))], OnnxAttribute.FromInt("axis", axis));
            Assert.Null(RowLocalExecution.RowOperands(graph.Nodes[0], 0, dims));
            var layerNorm = Build(QuantDomain.QLayerNorm, LayerNormInputs(new Random(2), [2, 3, 4]), OnnxAttribute.FromInt("axis", axis), OnnxAttribute.FromInt("norm_shift", 20), OnnxAttribute.FromInt("scale_shift", 24));
            Assert.Null(RowLocalExecution.RowOperands(layerNorm.Nodes[0], 0, [[2, 3, 4], [4], [4], []]));
        }
    }

    [Theory]
    [InlineData(new[] { 8 })]
    [InlineData(new[] { 3, 8 })]
    [InlineData(new[] { 2, 5, 8 })]
    public void QLayerNorm_rows_are_row_local(int[] x)
    {
        var node = Record(QuantDomain.QLayerNorm, LayerNormInputs(new Random(x.Length), x), OnnxAttribute.FromInt("norm_shift", 20), OnnxAttribute.FromInt("scale_shift", 24));
        Assert.True(Check(node));
    }

    [Theory]
    [InlineData(new[] { 9 })]
    [InlineData(new[] { 2, 9 })]
    [InlineData(new[] { 2, 1, 9 })]
    [InlineData(new[] { 1, 3, 2, 9 })]
    [InlineData(new[] { 70, 9 })]
    public void QGemm_rows_of_any_rank_are_row_local(int[] a)
    {
        var r = new Random(a.Sum());
        const int N = 5, K = 9;
        (string, Tensor, bool)[] inputs =
        [
            Act("a", Int8(r, a)), Param("za", I8((sbyte)r.Next(-128, 128))), Param("b", Int8(r, [N, K])),
            Param("bias", Tensor.FromArray(Enumerable.Range(0, N).Select(_ => r.Next(-100_000, 100_000)).ToArray(), N)),
        ];
        var node = Record(QuantDomain.QGemm, inputs);
        Assert.Equal([0], RowLocalExecution.RowOperands(node.Node, 0, node.InputDims));
        Assert.True(Check(node));
    }

    [Fact]
    public void Elementwise_boundaries_and_lookups_are_row_local()
    {
        var r = new Random(3);
        var floats = Enumerable.Range(0, 24).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
        Assert.True(Check(Record(QuantDomain.Quantize, [Act("x", Tensor.FromArray(floats, 2, 3, 4)), Param("s", Tensor.FromArray(new[] { 0.03f })), Param("z", I8(3))])));
        Assert.True(Check(Record(QuantDomain.Dequantize, [Act("x", Int8(r, [4, 6])), Param("s", Tensor.FromArray(new[] { 0.1f })), Param("z", I8(-2))])));
        var table = Tensor.FromArray(Enumerable.Range(0, 256).Select(_ => (short)r.Next(short.MinValue, short.MaxValue)).ToArray(), 256);
        Assert.True(Check(Record(QuantDomain.QLookup, [Act("x", Int8(r, [3, 1, 5])), Param("zx", I8(0)), Param("t", table), Param("zy", Tensor.FromArray(new short[] { 7 }))])));
    }

    [Fact]
    public void Scalars_and_vectors_are_one_row_and_their_empty_chunks_are_empty()
    {
        var r = new Random(9);
        Assert.True(Check(Record(QuantDomain.Quantize, [Act("x", Tensor.FromArray(new[] { 1.7f })), Param("s", Tensor.FromArray(new[] { 0.03f })), Param("z", I8(3))])));
        Assert.True(Check(Record(QuantDomain.Quantize, [Act("x", Tensor.FromArray(new[] { 1.7f, -0.2f, 9f }, 3)), Param("s", Tensor.FromArray(new[] { 0.03f })), Param("z", I8(3))])));
        var z = Tensor.FromArray(new sbyte[] { 4 }, []);
        (string, Tensor, bool)[] add =
        [
            Act("a", Tensor.FromArray(new sbyte[] { -7 }, [])), Param("za", I8(1)), Act("b", z), Param("zb", I8(-3)),
            Param("ma", Tensor.FromArray(new[] { r.Next() })), Param("mb", Tensor.FromArray(new[] { r.Next() })), Param("s", I8(31)), Param("zy", I8(0)),
        ];
        var scalar = Record(QuantDomain.QAdd, add);
        Assert.Equal([0, 2], RowLocalExecution.RowOperands(scalar.Node, 0, scalar.InputDims));
        Assert.True(Check(scalar));
        var (rows, full) = RowLocalExecution.RunRows(scalar.Node, scalar.Opsets, scalar.Constants,
            new Dictionary<string, Tensor> { ["a"] = Tensor.FromArray(new sbyte[0], 0), ["b"] = Tensor.FromArray(new sbyte[0], 0) }, scalar.InputDims, 0, 1, 1);
        Assert.Equal([0], rows.Shape);
        Assert.Empty(full);
    }

    [Fact]
    public void A_row_operand_given_as_an_initializer_is_cut_from_it()
    {
        var r = new Random(10);
        (string, Tensor, bool)[] inputs =
        [
            Act("a", Int8(r, [4, 3, 5])), Param("za", I8(2)), Param("b", Int8(r, [4, 3, 5])), Param("zb", I8(-1)),
            Param("ma", Tensor.FromArray(new[] { r.Next() })), Param("mb", Tensor.FromArray(new[] { r.Next() })), Param("s", I8(31)), Param("zy", I8(9)),
        ];
        var node = Record(QuantDomain.QAdd, inputs);
        Assert.Equal([0, 2], RowLocalExecution.RowOperands(node.Node, 0, node.InputDims));
        Assert.True(node.Constants.ContainsKey("b"));
        Assert.True(Check(node));
    }

    [Theory]
    [InlineData(new[] { 3, 6 }, 1, true)]
    [InlineData(new[] { 2, 3, 6 }, -1, true)]
    [InlineData(new[] { 1, 4, 6 }, 2, true)]
    [InlineData(new[] { 4, 6 }, 0, false)]
    [InlineData(new[] { 2, 4, 6 }, 1, false)]
    [InlineData(new[] { 6 }, 0, false)] // one row: an empty chunk would leave nothing to split
    public void Split_is_row_local_along_the_last_axis_of_a_matrix_or_more(int[] dims, int axis, bool rowLocal)
    {
        var x = Int8(new Random(dims.Sum()), dims);
        var opsets = new Dictionary<string, int> { [""] = 13, [QuantDomain.Name] = QuantDomain.Version };
        var split = ModelGraph.NodeFromOnnx(new OnnxNode("s", "Split", "", ["x"], ["y0", "y1"], [OnnxAttribute.FromInt("axis", axis)]), 0, opsets, "test");
        var computed = new Dictionary<string, Tensor> { ["x"] = x };
        var constants = new Dictionary<string, Tensor>();
        var node = new RecordedNode(split, opsets, constants, computed, IntegerEngine.RunNode(split, opsets, constants, computed));
        Assert.Equal(rowLocal, Check(node));
        var identity = ModelGraph.NodeFromOnnx(new OnnxNode("i", "Identity", "", ["x"], ["y"], []), 0, opsets, "test");
        Assert.True(Check(new RecordedNode(identity, opsets, constants, computed, IntegerEngine.RunNode(identity, opsets, constants, computed))));
    }

    [Fact]
    public void Operators_that_mix_rows_run_whole_and_give_the_same_rows()
    {
        var r = new Random(4);
        var conv = Record(QuantDomain.QConv, [Act("x", Int8(r, [1, 2, 5, 5])), Param("zx", I8(1)), Param("w", Int8(r, [3, 2, 3, 3]))],
            OnnxAttribute.FromInts("kernel_shape", [3, 3]));
        Assert.Null(RowLocalExecution.RowOperands(conv.Node, 0, conv.InputDims));
        Assert.False(Check(conv));
    }

    [Fact]
    public void Mismatched_rows_dims_and_ranges_are_refused()
    {
        var r = new Random(6);
        var node = MatMul(r, [2, 3, 4], [2, 4, 5]);
        var dims = node.InputDims;
        var a = node.Computed["a"];
        var rows = new Dictionary<string, Tensor>(node.Computed) { ["a"] = TraceChunks.FromRows(a.DataType, dims[0]!, a.ToBytes().AsSpan(0, 8), 0, 2) };
        // Rows 0 to 2 given, rows 0 to 3 asked.
        Assert.Throws<ProvenantException>(() => RowLocalExecution.RunRows(node.Node, node.Opsets, node.Constants, rows, dims, 0, 0, 3));
        Assert.Throws<ArgumentException>(() => RowLocalExecution.RunRows(node.Node, node.Opsets, node.Constants, rows, dims, 0, 0, 7));
        Assert.Throws<ArgumentException>(() => RowLocalExecution.RowOperands(node.Node, 0, dims[..2]));
        Assert.Throws<ArgumentException>(() => RowLocalExecution.RowOperands(node.Node, 0, [dims[0], null, dims[2], dims[3]]));
        var (y, full) = RowLocalExecution.RunRows(node.Node, node.Opsets, node.Constants, rows, dims, 0, 0, 2);
        Assert.Equal([2, 3, 5], full);
        Assert.Equal(node.Outputs[0]!.ToBytes().AsSpan(0, 2 * 5 * 4).ToArray(), y.ToBytes());
    }

    [Fact]
    public void An_operand_named_twice_is_not_row_local()
    {
        var x = Int8(new Random(8), [2, 4, 4]);
        var graph = Build(QuantDomain.QMatMul, [Act("x", x), Param("za", I8(0)), Param("zb", I8(0))]);
        var onnx = new OnnxNode("n", QuantDomain.QMatMul, QuantDomain.Name, ["x", "za", "x", "zb"], ["y"], []);
        var node = ModelGraph.NodeFromOnnx(onnx, 0, graph.Opsets, "test");
        Assert.Null(RowLocalExecution.RowOperands(node, 0, [[2, 4, 4], [], [2, 4, 4], []]));
    }

    private static bool Check(RecordedNode node) => RowChunkCheck.AssertEveryChunk(node, Counts);

    private static RecordedNode Record(string op, (string Name, Tensor Value, bool Parameter)[] inputs, params OnnxAttribute[] attributes) =>
        RecordedNode.Run(Build(op, inputs, attributes), inputs.Where(i => !i.Parameter).ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal)).Single();

    private static RecordedNode Requantize(Random r, int[] dims, int channels, int axis, bool int16)
    {
        var x = Tensor.FromArray(Enumerable.Range(0, TensorShape.Size(dims)).Select(_ => r.Next(int.MinValue, int.MaxValue)).ToArray(), dims);
        (string, Tensor, bool)[] inputs =
        [
            Act("x", x), Param("m", Tensor.FromArray(Enumerable.Range(0, channels).Select(_ => r.Next()).ToArray(), channels)),
            Param("s", Tensor.FromArray(Enumerable.Range(0, channels).Select(_ => (sbyte)r.Next(25, 63)).ToArray(), channels)),
            Param("z", int16 ? Tensor.FromArray(new short[] { -300 }) : I8(5)),
        ];
        return Record(QuantDomain.Requantize, inputs, OnnxAttribute.FromInt("axis", axis), OnnxAttribute.FromInt("relu", channels % 2));
    }

    private static RecordedNode MatMul(Random r, int[] a, int[] b) =>
        Record(QuantDomain.QMatMul, [Act("a", Int8(r, a)), Param("za", I8((sbyte)r.Next(-128, 128))), Act("b", Int8(r, b)), Param("zb", I8((sbyte)r.Next(-128, 128)))]);

    /// <summary>QLayerNorm inputs for rows of n = x[^1] ≤ 16 with norm_shift 20 and scale_shift 24 (inside every load-time bound).</summary>
    private static (string, Tensor, bool)[] LayerNormInputs(Random r, int[] x)
    {
        var n = x[^1];
        return
        [
            Act("x", Int8(r, x)), Param("gamma", Tensor.FromArray(Enumerable.Range(0, n).Select(_ => r.Next(-8000, 8000)).ToArray(), n)),
            Param("beta", Tensor.FromArray(Enumerable.Range(0, n).Select(_ => r.Next(-100_000, 100_000)).ToArray(), n)), Param("eps", Tensor.FromArray(new[] { 3L })),
        ];
    }

    private static Tensor Int8(Random r, int[] dims) => Tensor.FromArray(RandomInt8(r, TensorShape.Size(dims)), dims);
}
