using Provenant.Inference.Integer;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>The 8-lane Quantize loop gives exactly <see cref="QuantArithmetic.QuantizeInput"/> on every element, ties and saturation included.</summary>
public sealed class QuantizeBlocksTests
{
    [Theory]
    [InlineData(0.1f, 0)]
    [InlineData(0.0078125f, -3)]
    [InlineData(0.037f, 127)]
    [InlineData(1.7f, -128)]
    public void Blocks_equal_the_scalar_rule(float scale, int zp)
    {
        var rng = new Random(11);
        var values = new List<float>();
        for (var k = -1100; k <= 1100; k++)
        {
            values.Add((k + 0.5f) * scale);          // ties (as far as the product is exact)
            values.Add(MathF.BitDecrement((k + 0.5f) * scale));
            values.Add(MathF.BitIncrement((k + 0.5f) * scale));
            values.Add(k * scale);
        }
        for (var i = 0; i < 20_000; i++)
        {
            values.Add((float)((rng.NextDouble() - 0.5) * 4000 * scale));
        }
        values.AddRange([float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, float.MinValue, float.Epsilon]);
        values.AddRange(Enumerable.Repeat(0.25f, 8 - values.Count % 8));
        var src = values.ToArray();
        var dst = new sbyte[src.Length];
        Assert.Equal(src.Length, BoundaryKernels.QuantizeBlocks(src, dst, scale, zp));
        for (var i = 0; i < src.Length; i++)
        {
            Assert.True(QuantArithmetic.QuantizeInput(src[i], scale, zp) == dst[i], $"x = {src[i]:R}: scalar {QuantArithmetic.QuantizeInput(src[i], scale, zp)}, blocks {dst[i]}");
        }
    }

    [Fact]
    public void A_block_holding_a_nan_is_left_to_the_scalar_loop()
    {
        float[] src = [1, 2, 3, 4, 5, 6, 7, 8, 1, float.NaN, 3, 4, 5, 6, 7, 8];
        Assert.Equal(8, BoundaryKernels.QuantizeBlocks(src, new sbyte[16], 0.5f, 0));
    }
}
