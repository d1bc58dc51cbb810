using System.Collections.Concurrent;
using Provenant.Formats.Datasets;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests;

/// <summary>
/// Real models quantized the way <c>provenant quantize</c> does it, with real inputs: the scikit-learn digits MLP
/// (samples/models/digits-mlp, rows of samples/datasets/sklearn-digits), the same MLP with a Softmax appended, the digits MLP with LayerNorm and Softmax (samples/models/digits-mlp-layernorm), and the
/// Fashion-MNIST CNN (samples/models/fashion-cnn, images of /usr/share/datasets/fashion-mnist/t10k). Cached per process.
/// </summary>
internal static class ProofModels
{
    public const string Digits = "digits-mlp";
    public const string DigitsSoftmax = "digits-mlp-softmax";
    public const string FashionCnn = "fashion-cnn";
    public const string DigitsLayerNorm = "digits-mlp-layernorm";

    private static readonly ConcurrentDictionary<string, Lazy<QuantizedModel>> Cache = new();

    public static QuantizedModel Get(string name) => Cache.GetOrAdd(name, n => new Lazy<QuantizedModel>(() => Build(n))).Value;

    private static QuantizedModel Build(string name)
    {
        string root = SharedData.RepoRoot;
        return name switch
        {
            Digits => Quantize(name, Read(Path.Combine(root, "samples/models/digits-mlp/digits-mlp.onnx")), Path.Combine(root, "samples/datasets/sklearn-digits/digits.csv.gz"), 256),
            DigitsSoftmax => Quantize(name, WithSoftmax(Read(Path.Combine(root, "samples/models/digits-mlp/digits-mlp.onnx"))), Path.Combine(root, "samples/datasets/sklearn-digits/digits.csv.gz"), 256),
            DigitsLayerNorm => Quantize(name, Read(Path.Combine(root, "samples/models/digits-mlp-layernorm/digits-mlp-layernorm.onnx")), Path.Combine(root, "samples/datasets/sklearn-digits/digits.csv.gz"), 256),
            FashionCnn => Quantize(name, Read(Path.Combine(root, "samples/models/fashion-cnn/fashion-cnn.onnx")), "/usr/share/datasets/fashion-mnist/t10k", 64),
            _ => throw new ArgumentException(name),
        };
    }

    private static OnnxModel Read(string path) => OnnxModelReader.Parse(File.ReadAllBytes(path), path);

    /// <summary>Appends Softmax over the last axis to the model's single output.</summary>
    public static OnnxModel WithSoftmax(OnnxModel m)
    {
        var g = m.Graph;
        var output = g.Outputs[0];
        var logits = output.Name + ".logits";
        var nodes = g.Nodes.Select(n => n with { Outputs = n.Outputs.Select(o => o == output.Name ? logits : o).ToArray() }).ToList();
        nodes.Add(new OnnxNode("softmax", "Softmax", "", [logits], [output.Name], [OnnxAttribute.FromInt("axis", -1)]));
        return m with { Graph = g with { Nodes = nodes } };
    }

    private static QuantizedModel Quantize(string name, OnnxModel model, string dataset, int samples)
    {
        var graph = ModelGraph.FromOnnx(model, name);
        var data = LabelledDataset.Load(dataset, 1000);
        var floatEngine = new FloatEngine(graph, new EngineOptions(1));
        var feeds = DatasetFeeds.For(graph, data.FeatureCount);
        var rows = DatasetFeeds.Spread(data.Count, samples);
        var ranges = Calibration.Run(floatEngine, feeds.Batches(data, rows, null).Select(b => (IReadOnlyDictionary<string, Tensor>)b.Feed));
        var bytes = OnnxModelWriter.ToBytes(Quantizer.Quantize(graph, ranges));
        var quantized = ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, name + ".q.onnx"), name + ".q.onnx");
        int[] shape = graph.Inputs[0].Shape!.Select(d => d ?? 1).ToArray();
        return new QuantizedModel(name, bytes, quantized, data, shape);
    }
}

/// <summary>A quantized model, its ONNX bytes, its dataset and the single-sample input shape.</summary>
internal sealed record QuantizedModel(string Name, byte[] Bytes, ModelGraph Graph, LabelledDataset Data, int[] InputShape)
{
    /// <summary>Dataset row <paramref name="row"/> as the model's FLOAT input.</summary>
    public Tensor Input(int row) => Tensor.FromArray(Data.Row(row).ToArray(), InputShape);
}
