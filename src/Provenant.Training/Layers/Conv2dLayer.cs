using System.Runtime.CompilerServices;
using Provenant.Training.Export;
using Provenant.Training.Numerics;
using Provenant.Training.Random;

namespace Provenant.Training.Layers;

/// <summary>
/// 2-D convolution (ONNX Conv, group 1, no dilation): input <c>[C, H, W]</c>, weights <c>[M, C, K, K]</c>, bias
/// <c>[M]</c>, stride S, symmetric zero padding P, output <c>[M, (H+2P−K)/S+1, (W+2P−K)/S+1]</c>. Forward per sample:
/// im2col (rows = (channel, ky, kx) ascending, columns = output positions, padding reads 0) then W·col with the
/// engine's GEMM, then + bias — the engine's Conv, element for element. Backward: ∂W = dyᵀ-stack · colᵀ-stack
/// (each ∂W[m,r] one chain over (sample, position) ascending); ∂b[m] = Σ over (sample, position) ascending;
/// ∂x per sample: dcol = Wᵀ·dy (chain over m ascending), then col2im adding rows r in ascending order.
/// Initialisation: He uniform with fan-in C·K·K, bias 0.
/// </summary>
internal sealed class Conv2dLayer : Layer
{
    private readonly int[] _taps;
    private float[] _cols = [];
    private float[] _colT = [];
    private float[] _dyT = [];
    private float[] _wT = [];

    public Conv2dLayer(int[] input, int filters, int kernel, int stride, int padding)
        : base("conv2d", input, [filters, (input[1] + 2 * padding - kernel) / stride + 1, (input[2] + 2 * padding - kernel) / stride + 1])
    {
        Filters = filters;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        Rows = input[0] * kernel * kernel;
        Plane = OutputShape[1] * OutputShape[2];
        _taps = Taps(input, OutputShape, kernel, stride, padding);
    }

    /// <summary>Output channels M.</summary>
    public int Filters { get; }

    /// <summary>Kernel side K.</summary>
    public int Kernel { get; }

    /// <summary>Stride S (both axes).</summary>
    public int Stride { get; }

    /// <summary>Zero padding P on every side.</summary>
    public int Padding { get; }

    private int Rows { get; }

    private int Plane { get; }

    /// <inheritdoc />
    public override int ParameterCount => checked(Filters * Rows + Filters);

    /// <inheritdoc />
    public override void Initialize(Span<float> parameters, SplitMix64 random) =>
        Initializers.HeUniform(parameters[..(Filters * Rows)], Rows, random);

    /// <inheritdoc />
    public override void Forward(Compute compute, float[] parameters, float[] x, float[] y, int batch)
    {
        var block = Rows * Plane;
        _cols = Buffers.AtLeast(_cols, batch * block);
        compute.For(batch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            for (var n = start; n < end; n++)
            {
                Im2Col(x, n * InputSize, _cols, n * block);
                compute.MultiplySerial(parameters, ParameterOffset, _cols, n * block, y, n * OutputSize, Filters, Rows, Plane);
            }
        });
        Bias.Add(parameters, ParameterOffset + Filters * Rows, y, batch, Filters, Plane);
    }

    /// <inheritdoc />
    public override void Backward(Compute compute, float[] parameters, float[] x, float[] y, float[] dy, float[]? dx, float[] gradients, int batch)
    {
        var block = Rows * Plane;
        _colT = Buffers.AtLeast(_colT, batch * block);
        _dyT = Buffers.AtLeast(_dyT, batch * OutputSize);
        compute.For(batch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            for (var n = start; n < end; n++)
            {
                Compute.Transpose(_cols, n * block, Rows, Plane, _colT, n * block);
                for (var m = 0; m < Filters; m++)
                {
                    Array.Copy(dy, n * OutputSize + m * Plane, _dyT, (m * batch + n) * Plane, Plane);
                }
            }
        });
        compute.Multiply(_dyT, 0, _colT, 0, gradients, ParameterOffset, Filters, batch * Plane, Rows);
        Bias.Gradient(dy, gradients, ParameterOffset + Filters * Rows, batch, Filters, Plane);
        if (dx is null)
        {
            return;
        }
        _wT = Buffers.AtLeast(_wT, Filters * Rows);
        Compute.Transpose(parameters, ParameterOffset, Filters, Rows, _wT, 0);
        compute.For(batch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            var dcol = new float[block];
            for (var n = start; n < end; n++)
            {
                compute.MultiplySerial(_wT, 0, dy, n * OutputSize, dcol, 0, Rows, Filters, Plane);
                Col2Im(dcol, dx, n * InputSize);
            }
        });
    }

    /// <inheritdoc />
    public override long ForwardFlops(int batch) => (2L * Rows + 1) * Filters * Plane * batch;

    /// <inheritdoc />
    public override long BackwardFlops(int batch, bool inputGradient) =>
        (2L * Rows + 1) * Filters * Plane * batch + (inputGradient ? (2L * Filters + 1) * Rows * Plane * batch : 0);

    /// <inheritdoc />
    public override void Export(OnnxGraphBuilder graph, float[] parameters)
    {
        var w = graph.Initializer("W", parameters.AsSpan(ParameterOffset, Filters * Rows), Filters, InputShape[0], Kernel, Kernel);
        var b = graph.Initializer("B", parameters.AsSpan(ParameterOffset + Filters * Rows, Filters), Filters);
        graph.Node("Conv", [w, b],
            Formats.Onnx.OnnxAttribute.FromInts("kernel_shape", Kernel, Kernel),
            Formats.Onnx.OnnxAttribute.FromInts("strides", Stride, Stride),
            Formats.Onnx.OnnxAttribute.FromInts("pads", Padding, Padding, Padding, Padding));
    }

    /// <summary>
    /// For each im2col entry (row (channel, ky, kx) ascending, then output position): the input index within a
    /// sample that it reads, or −1 where the window lies over the zero padding.
    /// </summary>
    private static int[] Taps(int[] input, int[] output, int kernel, int stride, int padding)
    {
        int h = input[1], w = input[2], oh = output[1], ow = output[2];
        var taps = new int[input[0] * kernel * kernel * oh * ow];
        var o = 0;
        for (var c = 0; c < input[0]; c++)
        {
            for (var ky = 0; ky < kernel; ky++)
            {
                for (var kx = 0; kx < kernel; kx++)
                {
                    for (var oy = 0; oy < oh; oy++)
                    {
                        var iy = oy * stride - padding + ky;
                        for (var ox = 0; ox < ow; ox++, o++)
                        {
                            var ix = ox * stride - padding + kx;
                            taps[o] = iy >= 0 && iy < h && ix >= 0 && ix < w ? (c * h + iy) * w + ix : -1;
                        }
                    }
                }
            }
        }
        return taps;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Im2Col(float[] x, int xOffset, float[] col, int colOffset)
    {
        for (var o = 0; o < _taps.Length; o++)
        {
            var t = _taps[o];
            col[colOffset + o] = t < 0 ? 0f : x[xOffset + t];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Col2Im(float[] dcol, float[] dx, int dxOffset)
    {
        Array.Clear(dx, dxOffset, InputSize);
        for (var o = 0; o < _taps.Length; o++)
        {
            var t = _taps[o];
            if (t >= 0)
            {
                dx[dxOffset + t] += dcol[o];
            }
        }
    }
}
