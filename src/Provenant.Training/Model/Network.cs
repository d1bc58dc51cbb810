using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Training.Config;
using Provenant.Training.Export;
using Provenant.Training.Layers;
using Provenant.Training.Numerics;
using Provenant.Training.Random;

namespace Provenant.Training.Model;

/// <summary>
/// A chain of layers built from a configuration: the input normalisation, then <see cref="TrainingConfig.Layers"/>
/// in order, ending in <c>[classes]</c> logits. Parameters are one flat float32 vector, layer by layer (each
/// layer's weights then bias). Holds the activations of the last forward pass for the backward pass, so one
/// instance serves one training run at a time.
/// </summary>
internal sealed class Network
{
    private readonly float[][] _activations;
    private float[] _gradA = [];
    private float[] _gradB = [];

    private Network(Layer[] layers, int[] inputShape, int classes)
    {
        Layers = layers;
        InputShape = inputShape;
        Classes = classes;
        var offset = 0;
        foreach (var l in layers)
        {
            l.ParameterOffset = offset;
            offset = checked(offset + l.ParameterCount);
        }
        ParameterCount = offset;
        _activations = new float[layers.Length + 1][];
        for (var i = 0; i < _activations.Length; i++)
        {
            _activations[i] = [];
        }
        Description = string.Join(";", layers.Select(l => $"{l.Kind}[{string.Join(",", l.InputShape)}]->[{string.Join(",", l.OutputShape)}]:{Detail(l)}"));
        Digest = SHA256.HashData(Encoding.UTF8.GetBytes(Description));
    }

    /// <summary>Layers, the normalisation first.</summary>
    public Layer[] Layers { get; }

    /// <summary>Per-sample input shape.</summary>
    public int[] InputShape { get; }

    /// <summary>Output classes.</summary>
    public int Classes { get; }

    /// <summary>Length of the parameter vector.</summary>
    public int ParameterCount { get; }

    /// <summary>Canonical text of the architecture (layer kinds, shapes, hyper-parameters).</summary>
    public string Description { get; }

    /// <summary>SHA-256 of <see cref="Description"/> (binds checkpoints to an architecture).</summary>
    public byte[] Digest { get; }

    /// <summary>Builds and shape-checks the network of <paramref name="config"/>.</summary>
    /// <exception cref="ProvenantFormatException">A layer does not fit its input (message names <c>layers[i]</c>), or the last layer does not output <c>[classes]</c>.</exception>
    public static Network Create(TrainingConfig config)
    {
        var shape = config.Input.Shape.ToArray();
        var layers = new List<Layer> { new NormalizeLayer(shape, config.Input.Offset, config.Input.Scale) };
        for (var i = 0; i < config.Layers.Count; i++)
        {
            var layer = LayerFactory.Create(config.Layers[i], shape, config.Source, $"layers[{i}]");
            layers.Add(layer);
            shape = layer.OutputShape;
        }
        if (shape.Length != 1 || shape[0] != config.Classes)
        {
            throw new ProvenantFormatException(config.Source, "layers", $"a last layer with output [{config.Classes}] (classes)", $"[{string.Join(",", shape)}]");
        }
        return new Network([.. layers], [.. config.Input.Shape], config.Classes);
    }

    /// <summary>Initial parameters: layer at position i draws from stream (<c>init</c>, i) of <paramref name="seed"/>.</summary>
    public float[] Initialize(ulong seed)
    {
        var p = new float[ParameterCount];
        for (var i = 0; i < Layers.Length; i++)
        {
            Layers[i].Initialize(p.AsSpan(Layers[i].ParameterOffset, Layers[i].ParameterCount), SeedDerivation.Stream(seed, "init", i));
        }
        return p;
    }

    /// <summary>Runs <paramref name="batch"/> samples (raw values, <c>[batch × input size]</c>); returns the logits buffer (first batch × classes values).</summary>
    public float[] Forward(Compute compute, float[] parameters, float[] input, int batch)
    {
        _activations[0] = input;
        for (var i = 0; i < Layers.Length; i++)
        {
            _activations[i + 1] = Buffers.AtLeast(_activations[i + 1], batch * Layers[i].OutputSize);
            Layers[i].Forward(compute, parameters, _activations[i], _activations[i + 1], batch);
        }
        return _activations[^1];
    }

    /// <summary>Back-propagates ∂L/∂logits through the last forward pass, overwriting <paramref name="gradients"/>.</summary>
    public void Backward(Compute compute, float[] parameters, float[] logitGradient, float[] gradients, int batch)
    {
        var dy = logitGradient;
        for (var i = Layers.Length - 1; i >= 0; i--)
        {
            // The normalisation has no parameters and nothing before it, so ∂x stops at layer 1.
            var needInput = i > 1;
            float[]? dx = null;
            if (needInput)
            {
                var size = batch * Layers[i].InputSize;
                if (ReferenceEquals(dy, _gradA))
                {
                    dx = _gradB = Buffers.AtLeast(_gradB, size);
                }
                else
                {
                    dx = _gradA = Buffers.AtLeast(_gradA, size);
                }
            }
            Layers[i].Backward(compute, parameters, _activations[i], _activations[i + 1], dy, dx, gradients, batch);
            if (dx is null)
            {
                break;
            }
            dy = dx;
        }
    }

    /// <summary>Floating-point operations of one forward and backward pass over <paramref name="batch"/> samples.</summary>
    public long PassFlops(int batch)
    {
        long f = 0;
        for (var i = 0; i < Layers.Length; i++)
        {
            f += Layers[i].ForwardFlops(batch);
            if (i >= 1)
            {
                f += Layers[i].BackwardFlops(batch, i > 1);
            }
        }
        return f;
    }

    /// <summary>Floating-point operations of one forward pass (inference) over <paramref name="batch"/> samples.</summary>
    public long ForwardFlops(int batch) => Layers.Sum(l => l.ForwardFlops(batch));

    /// <summary>The network with <paramref name="parameters"/> as an ONNX model (see <see cref="OnnxGraphBuilder.Build"/>).</summary>
    public OnnxModel Export(float[] parameters, string name)
    {
        var b = new OnnxGraphBuilder();
        for (var i = 0; i < Layers.Length; i++)
        {
            b.Layer = i;
            Layers[i].Export(b, parameters);
        }
        var version = typeof(Network).Assembly.GetName().Version?.ToString() ?? "0";
        return b.Build(name, InputShape, Classes, version);
    }

    private static string Detail(Layer l) => l switch
    {
        Conv2dLayer c => $"k{c.Kernel}s{c.Stride}p{c.Padding}",
        PoolLayer p => $"k{p.PoolSize}s{p.Stride}",
        NormalizeLayer n => $"o{BitConverter.SingleToInt32Bits(n.Offset):x8}s{BitConverter.SingleToInt32Bits(n.Scale):x8}",
        _ => "",
    };
}
