using System.Security.Cryptography;
using System.Text;
using Provenant.Formats.Onnx;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A model's structure without its weights: what a referee needs to know which operator a node runs and where its
/// inputs come from, while the weights themselves arrive as openings of the per-tensor commitment
/// (<see cref="ModelTensors"/>). The skeleton is the ONNX model with every initializer moved from
/// <c>graph.initializer</c> to <c>graph.value_info</c> (name, element type, dims; no data), and its digest is
/// <c>SHA-256("provenant-model-skeleton-v1" ‖ ModelProto bytes of the skeleton)</c> as <see cref="OnnxModelWriter"/>
/// writes them. So the structure digest costs a hash of a few kilobytes, not of the weights.
/// </summary>
public sealed class ModelSkeleton
{
    /// <summary>Domain separation tag of <see cref="Digest"/>.</summary>
    public const string Tag = "provenant-model-skeleton-v1";

    private readonly Dictionary<string, (int Node, int Output)> _producers = new(StringComparer.Ordinal);

    private ModelSkeleton(OnnxModel model)
    {
        var g = model.Graph;
        Opsets = model.OpsetImports;
        OpsetVersions = Inference.Graph.ModelGraph.OpsetVersions(model.OpsetImports);
        IrVersion = model.IrVersion;
        Nodes = g.Nodes;
        WeightNames = new HashSet<string>(g.Initializers.Select(t => t.Name), StringComparer.Ordinal);
        InputNames = g.Inputs.Select(v => v.Name).Where(n => !WeightNames.Contains(n)).ToArray();
        OutputNames = g.Outputs.Select(v => v.Name).ToArray();
        for (var i = 0; i < Nodes.Count; i++)
        {
            for (var j = 0; j < Nodes[i].Outputs.Count; j++)
            {
                if (Nodes[i].Outputs[j].Length > 0) _producers[Nodes[i].Outputs[j]] = (i, j);
            }
        }
        var declared = g.Initializers.Select(t => new OnnxValueInfo(t.Name, t.DataType, t.Dims.Select(d => new OnnxDimension(d, null)).ToArray()));
        var skeleton = model with { Graph = g with { Initializers = [], ValueInfo = [.. g.ValueInfo, .. declared] } };
        Digest = SHA256.HashData([.. Encoding.ASCII.GetBytes(Tag), .. OnnxModelWriter.ToBytes(skeleton)]);
    }

    /// <summary>The skeleton of a validated model (<see cref="OnnxModelReader"/>).</summary>
    public static ModelSkeleton FromModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelSkeleton(model);
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
