using Provenant.Core.Errors;
using Provenant.Training.Config;
using Provenant.Training.Layers;

namespace Provenant.Training.Model;

/// <summary>Builds one <see cref="Layer"/> from its <see cref="LayerSpec"/> and input shape, checking that they fit.</summary>
internal static class LayerFactory
{
    /// <summary>Largest activation (elements per sample) a layer may produce.</summary>
    public const int MaxActivation = 1 << 22;

    /// <summary>Most weights in one layer.</summary>
    public const int MaxParameters = 1 << 26;

    /// <exception cref="ProvenantFormatException">The layer does not fit <paramref name="input"/> (names <paramref name="field"/>).</exception>
    public static Layer Create(LayerSpec spec, int[] input, string file, string field)
    {
        ProvenantFormatException Fail(string expected) =>
            new(file, field, expected, $"{spec.Type} on input [{string.Join(",", input)}]");
        Layer layer;
        switch (spec.Type)
        {
            case "dense":
                if (input.Length != 1)
                {
                    throw Fail("a flat [features] input for dense (add a flatten layer before it)");
                }
                if ((long)input[0] * spec.Units > MaxParameters)
                {
                    throw Fail($"at most {MaxParameters} weights per layer");
                }
                layer = new DenseLayer(input[0], spec.Units);
                break;
            case "conv2d":
                if (input.Length != 3)
                {
                    throw Fail("a [channels, height, width] input for conv2d");
                }
                if (input[1] + 2 * spec.Padding < spec.Kernel || input[2] + 2 * spec.Padding < spec.Kernel)
                {
                    throw Fail($"a kernel ({spec.Kernel}) no larger than the padded input");
                }
                if ((long)spec.Filters * input[0] * spec.Kernel * spec.Kernel > MaxParameters)
                {
                    throw Fail($"at most {MaxParameters} weights per layer");
                }
                layer = new Conv2dLayer(input, spec.Filters, spec.Kernel, spec.Stride, spec.Padding);
                break;
            case "maxpool2d" or "avgpool2d":
                if (input.Length != 3)
                {
                    throw Fail($"a [channels, height, width] input for {spec.Type}");
                }
                if (input[1] < spec.Size || input[2] < spec.Size)
                {
                    throw Fail($"a window ({spec.Size}) no larger than the input");
                }
                layer = spec.Type == "maxpool2d" ? new MaxPool2dLayer(input, spec.Size, spec.Stride) : new AvgPool2dLayer(input, spec.Size, spec.Stride);
                break;
            case "relu":
                layer = new ReluLayer(input);
                break;
            case "layernorm":
                if (input.Length != 1)
                {
                    throw Fail("a flat [features] input for layernorm (add a flatten layer before it)");
                }
                layer = new LayerNormLayer(input[0]);
                break;
            case "flatten":
                layer = new FlattenLayer(input);
                break;
            default:
                throw Fail("a known layer type");
        }
        if (layer.OutputSize > MaxActivation)
        {
            throw Fail($"at most {MaxActivation} outputs per sample");
        }
        return layer;
    }
}
