using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Builds a QLookup table for an <see cref="ElementwiseRegion"/>: the region's nodes run on the float
/// reference engine over the 256 dequantized root values x_j = (j − 128 − zp_x) · s_x, and
/// T[j] = clamp(roundHalfAway(y_j / s_y) + zp_y, −128, 127) (a NaN y_j maps to zp_y).
/// </summary>
internal static class LookupTableBuilder
{
    public static sbyte[] Build(ModelGraph source, ElementwiseRegion region, string output, ActivationQuantization input,
        ActivationQuantization result, IReadOnlyDictionary<string, Tensor> constants)
    {
        var x = new float[QLookupKernel.TableLength];
        for (var j = 0; j < x.Length; j++)
        {
            x[j] = QuantArithmetic.DequantizeOutput(j - 128, input.ZeroPoint, input.Scale);
        }
        var y = Evaluate(source, region, output, x, constants);
        var table = new sbyte[x.Length];
        for (var j = 0; j < table.Length; j++)
        {
            table[j] = float.IsNaN(y[j]) ? (sbyte)result.ZeroPoint
                : (sbyte)Math.Clamp(Math.Round((double)y[j] / result.Scale, MidpointRounding.AwayFromZero) + result.ZeroPoint, -128, 127);
        }
        return table;
    }

    /// <summary>Runs the region's nodes on a one-dimensional input of the root values.</summary>
    public static float[] Evaluate(ModelGraph source, ElementwiseRegion region, string output, float[] rootValues, IReadOnlyDictionary<string, Tensor> constants)
    {
        var result = SubgraphRunner.Run(source, region.Nodes, constants,
            new Dictionary<string, Tensor> { [region.Root] = Tensor.FromArray(rootValues, rootValues.Length) }, [output], "lookup region")[output];
        if (result.DataType != TensorDataType.Float32 || result.Length != rootValues.Length)
        {
            throw new Core.Errors.UnsupportedFeatureException($"{region.Nodes[^1]}: the elementwise chain does not give one float per input value");
        }
        return result.AsSpan<float>().ToArray();
    }
}
