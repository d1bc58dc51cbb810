using Provenant.Inference.Tests.Quantization;

namespace Provenant.Inference.Tests.Integer;

/// <summary>The quantized ezkl-nanoGPT (calibrated on its input.json) run once, every node recorded; shared by a test class.</summary>
public sealed class RowLocalModelFixture
{
    private readonly Lazy<List<RecordedNode>> _nanoGpt = new(() =>
    {
        var (_, quantized, inputs) = QuantizedModels.Quantize("ezkl-nanoGPT");
        return RecordedNode.Run(quantized, inputs[0]);
    });

    internal List<RecordedNode> NanoGpt => _nanoGpt.Value;
}
