using Provenant.Inference.Integer;
using Provenant.Inference.Tests.Quantization;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Integer;

/// <summary>
/// <see cref="RowLocalExecution"/> on every node of quantized real models: every chunk (C ∈ {2, 3, 16, 64}) of every
/// output computed from the row operands' rows equals the whole node's rows byte for byte, with the whole output's dims;
/// nodes that are not row-local run whole and give the same rows. The operators of the models that must be row-local are
/// listed, so a rule that falls back to the whole node fails the test.
/// </summary>
public sealed class RowLocalExecutionTests(RowLocalModelFixture fixture, ITestOutputHelper output) : IClassFixture<RowLocalModelFixture>
{
    [Fact]
    public void NanoGpt_chunks_equal_the_whole_nodes_rows_and_the_attention_block_is_row_local()
    {
        // Every node of the priority operators is row-local (the causal mask [1,1,64,64] is sliced; QMatMul chunks span its 4 batch blocks).
        var (rowLocal, whole) = CheckAll(fixture.NanoGpt);
        Assert.Equal(["Dequantize", "QAdd", "QGemm", "QLayerNorm", "QLookup", "QMatMul", "QSoftmax", "Requantize", "Split"], rowLocal);
        Assert.Equal(["QGather", "Reshape", "Transpose"], whole);
    }

    [Theory]
    [InlineData("digits-mlp/digits-mlp.onnx", "digits-mlp/digit-0.json", "Dequantize,QGemm,QLookup,Quantize,Requantize", "")]
    // Requantize after QConv has its channels on axis 1 of NCHW (whole); after QGemm on the last axis (row-local).
    [InlineData("mnist-cnn/opt-mnist.onnx", "../../tests/Provenant.Inference.Tests/ModelInputs/wonnx-opt-mnist/7.json", "Dequantize,QGemm,Quantize,Requantize", "QConv,QMaxPool,Requantize,Reshape")]
    public void Sample_model_chunks_equal_the_whole_nodes_rows(string model, string input, string expectedRowLocal, string expectedWhole)
    {
        var (quantized, feed) = QuantizedModels.QuantizeSample(model, input);
        var (rowLocal, whole) = CheckAll(RecordedNode.Run(quantized, feed));
        Assert.Equal(Split(expectedRowLocal), rowLocal);
        Assert.Equal(Split(expectedWhole), whole);
    }

    private static SortedSet<string> Split(string list) => new(list.Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>Checks every node; returns the operator types with a row-local node and those with a node run whole.</summary>
    private (SortedSet<string> RowLocal, SortedSet<string> Whole) CheckAll(List<RecordedNode> nodes)
    {
        var rowLocal = new SortedSet<string>(StringComparer.Ordinal);
        var whole = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in nodes)
        {
            (RowChunkCheck.AssertEveryChunk(r) ? rowLocal : whole).Add(r.Node.OpType);
        }
        output.WriteLine($"row-local: {string.Join(", ", rowLocal)}; whole: {string.Join(", ", whole)}");
        return (rowLocal, whole);
    }
}
