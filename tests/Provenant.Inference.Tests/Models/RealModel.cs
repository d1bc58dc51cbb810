using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;

namespace Provenant.Inference.Tests.Models;

/// <summary>
/// A model from ../shared/data/models (see its MANIFEST.md) with its example inputs: input.json
/// (ezkl form; deepprove's 30 iris samples become one batch) or, for wonnx-opt-mnist, the digit images
/// decoded to JSON under ModelInputs/ (tests/ort-reference/images-to-json.mjs).
/// </summary>
public sealed record RealModel(string Name, string ModelPath, IReadOnlyList<string> InputFiles)
{
    public static IReadOnlyList<RealModel> All()
    {
        var root = SharedData.Get("models");
        var list = new List<RealModel>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var model = Directory.GetFiles(dir, "*.onnx").Single();
            var json = Path.Combine(dir, "input.json");
            var derived = Path.Combine(SharedData.RepoRoot, "tests", "Provenant.Inference.Tests", "ModelInputs", name);
            IReadOnlyList<string> inputs = File.Exists(json) ? [json]
                : Directory.Exists(derived) ? Directory.GetFiles(derived, "*.json").Order(StringComparer.Ordinal).ToArray()
                : throw new InvalidOperationException($"{name}: no example inputs");
            list.Add(new RealModel(name, model, inputs));
        }
        return list;
    }

    public static RealModel Named(string name) => All().Single(m => m.Name == name);

    public ModelGraph Load() => ModelGraph.Load(ModelPath);

    public Dictionary<string, Tensor> Inputs(ModelGraph graph, string file) => TensorJson.ReadInputs(File.ReadAllBytes(file), file, graph);

    public override string ToString() => Name;
}
