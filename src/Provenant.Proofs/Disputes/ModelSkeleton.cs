using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A model's structure without its weights: what a referee needs to know which operator a node runs and where its
/// inputs come from, while the weights themselves arrive as openings of the per-tensor commitment
/// (<see cref="ModelTensors"/>). The skeleton is the ONNX model with every initializer moved from
/// <c>graph.initializer</c> to <c>graph.value_info</c> (name, element type, dims; no data), and its digest is
/// <c>SHA-256("provenant-model-skeleton-v1" ‖ ModelProto bytes of the skeleton)</c> as <see cref="OnnxModelWriter"/>
/// writes them. So the structure digest costs a hash of a few kilobytes, not of the weights, and a referee can be
/// given those bytes alone (<see cref="ToBytes"/>, <see cref="FromBytes"/>) instead of the model file.
/// </summary>
public sealed class ModelSkeleton
{
    /// <summary>Domain separation tag of <see cref="Digest"/>.</summary>
    public const string Tag = "provenant-model-skeleton-v1";

    private readonly Dictionary<string, (int Node, int Output)> _producers = new(StringComparer.Ordinal);

    private ModelSkeleton(OnnxModel model, IEnumerable<string> weightNames, byte[] skeletonBytes)
    {
        var g = model.Graph;
        Opsets = model.OpsetImports;
        OpsetVersions = Inference.Graph.ModelGraph.OpsetVersions(model.OpsetImports);
        IrVersion = model.IrVersion;
        Nodes = g.Nodes;
        WeightNames = new HashSet<string>(weightNames, StringComparer.Ordinal);
        InputNames = g.Inputs.Select(v => v.Name).Where(n => !WeightNames.Contains(n)).ToArray();
        OutputNames = g.Outputs.Select(v => v.Name).ToArray();
        for (var i = 0; i < Nodes.Count; i++)
        {
            for (var j = 0; j < Nodes[i].Outputs.Count; j++)
            {
                if (Nodes[i].Outputs[j].Length > 0) _producers[Nodes[i].Outputs[j]] = (i, j);
            }
        }
        _bytes = skeletonBytes;
        Digest = SHA256.HashData([.. Encoding.ASCII.GetBytes(Tag), .. skeletonBytes]);
    }

    private readonly byte[] _bytes;

    /// <summary>The skeleton of a validated model (<see cref="OnnxModelReader"/>).</summary>
    public static ModelSkeleton FromModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = model.Graph;
        var declared = g.Initializers.Select(t => new OnnxValueInfo(t.Name, t.DataType, t.Dims.Select(d => new OnnxDimension(d, null)).ToArray()));
        var skeleton = model with { Graph = g with { Initializers = [], ValueInfo = [.. g.ValueInfo, .. declared] } };
        return new ModelSkeleton(model, g.Initializers.Select(t => t.Name), OnnxModelWriter.ToBytes(skeleton));
    }

    /// <summary>
    /// The skeleton from its own bytes (<see cref="ToBytes"/>), without the model file: what a referee needs, a few
    /// kilobytes instead of the weights. The bytes are parsed as a model structure (<see cref="OnnxModelReader.ParseStructure"/>)
    /// and must hold no initializer; the committed tensors are the <c>value_info</c> entries that no node produces
    /// (<see cref="FromModel"/> appends one per initializer, and a node never produces an initializer's name). Their
    /// digest is <see cref="Digest"/> as for the model itself, so a claim's graph digest authenticates them.
    /// </summary>
    /// <param name="bytes">The skeleton's ModelProto bytes.</param>
    /// <param name="source">File name for messages.</param>
    /// <exception cref="ProvenantFormatException">Not a model structure; it holds initializers; or a graph input is also
    /// declared in <c>value_info</c>, so that whether it is a committed tensor (an initializer listed as an input) or a
    /// caller's input cannot be told from the skeleton (<see cref="IsSelfDescribing"/> is false for such models: use the
    /// model file).</exception>
    public static ModelSkeleton FromBytes(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var model = OnnxModelReader.ParseStructure(bytes, source);
        var g = model.Graph;
        if (g.Initializers.Count > 0) throw new ProvenantFormatException(source, "graph.initializer", "no initializers (a skeleton declares its tensors in value_info)", $"{g.Initializers.Count}");
        var weights = WeightsOf(g);
        if (g.Inputs.FirstOrDefault(v => weights.Contains(v.Name)) is { } ambiguous)
        {
            throw new ProvenantFormatException(source, $"graph.input '{ambiguous.Name}'", "a graph input not declared in value_info (else it cannot be told from a committed tensor)", "declared in both");
        }
        return new ModelSkeleton(model, weights, bytes.ToArray());
    }

    // The value_info names no node produces: in a skeleton, the declared committed tensors.
    private static HashSet<string> WeightsOf(OnnxGraph g)
    {
        var produced = new HashSet<string>(g.Nodes.SelectMany(n => n.Outputs), StringComparer.Ordinal);
        return new HashSet<string>(g.ValueInfo.Select(v => v.Name).Where(n => n.Length > 0 && !produced.Contains(n)), StringComparer.Ordinal);
    }

    /// <summary>The skeleton's ModelProto bytes (the model with every initializer moved to <c>value_info</c>), as hashed into <see cref="Digest"/>; a copy.</summary>
    public byte[] ToBytes() => _bytes.ToArray();

    /// <summary>
    /// Whether <see cref="FromBytes"/> recovers this skeleton from <see cref="ToBytes"/> (the same committed tensors and
    /// graph inputs): false when a graph input is declared in the model's own <c>value_info</c>, or a value_info entry
    /// names a value no node produces and no initializer holds.
    /// </summary>
    public bool IsSelfDescribing
    {
        get
        {
            try
            {
                var back = FromBytes(_bytes, "skeleton");
                return back.WeightNames.SetEquals(WeightNames) && back.InputNames.SequenceEqual(InputNames);
            }
            catch (ProvenantFormatException)
            {
                return false;
            }
        }
    }

    /// <summary>SHA-256 over the tagged skeleton bytes (32 bytes; a claim's <c>graphDigest</c>).</summary>
    public byte[] Digest { get; }

    /// <summary>ONNX IR version of the model.</summary>
    public long IrVersion { get; }

    /// <summary>Imported operator sets.</summary>
    public IReadOnlyList<OnnxOpsetImport> Opsets { get; }

    /// <summary>Imported version per domain, as the engines read them (<see cref="Inference.Graph.ModelGraph.OpsetVersions"/>).</summary>
    public IReadOnlyDictionary<string, int> OpsetVersions { get; }

    /// <summary>Nodes in topological order (index = trace node id).</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Names of the initializers (the committed tensors).</summary>
    public IReadOnlySet<string> WeightNames { get; }

    /// <summary>Graph inputs a caller supplies (declared inputs without an initializer), in declared order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Graph outputs in declared order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Where a value comes from: the node and output position that produce it, or null for inputs and weights.</summary>
    public (int Node, int Output)? Producer(string valueName) => _producers.TryGetValue(valueName, out var p) ? p : null;
}
