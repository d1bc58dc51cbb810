using System.Diagnostics;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;

namespace Provenant.Inference.Tests.Models;

/// <summary>
/// Runs tests/ort-reference/run.mjs (onnxruntime-node 1.30.0, CPU) through <c>node</c>. Missing
/// node_modules is a failure with the install command, unless PROVENANT_SKIP_ORT=1.
/// </summary>
public static class OrtReference
{
    public static string Folder => Path.Combine(SharedData.RepoRoot, "tests", "ort-reference");

    public static bool Skipped => Environment.GetEnvironmentVariable("PROVENANT_SKIP_ORT") == "1";

    /// <summary>Throws with the install instruction when onnxruntime-node is not installed.</summary>
    public static void RequireInstalled()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "onnxruntime-node")))
        {
            throw new InvalidOperationException(
                $"onnxruntime-node is not installed in {Folder}: run `npm ci --ignore-scripts` in that folder " +
                "(or set PROVENANT_SKIP_ORT=1 to skip the onnxruntime comparison).");
        }
    }

    /// <summary>
    /// Runs <paramref name="model"/> under onnxruntime. onnxruntime refuses Equal on FLOAT before opset 11
    /// (Equal-7 lists integer and bool types only) although the meaning is unambiguous; ezkl's nanoGPT and
    /// self_attention (opset 10) use it. For such graphs the reference runs a copy importing opset 11, in
    /// which every operator they use (Concat, Gather, ReduceMean, Slice, Softmax, Split, Squeeze,
    /// Unsqueeze… gained only negative-axis support) computes the same results.
    /// </summary>
    public static Dictionary<string, Tensor> Run(string model, IReadOnlyDictionary<string, Tensor> inputs, ModelGraph graph)
    {
        RequireInstalled();
        using var tmp = SharedData.NewTempDir("ort");
        if (graph.DefaultOpset < 11 && graph.Nodes.Any(n => n.OpType == "Equal"))
        {
            var bumped = OnnxModelReader.Read(model).WithOpsetImport("", 11);
            model = tmp["opset11.onnx"];
            OnnxModelWriter.Write(model, bumped);
        }
        var inPath = tmp.Write("inputs.json", TensorJson.Write(inputs));
        var outPath = tmp["outputs.json"];
        var psi = new ProcessStartInfo("node", [Path.Combine(Folder, "run.mjs"), model, inPath, outPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("onnxruntime-node did not finish in 120 s");
        }
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"node run.mjs failed ({p.ExitCode}): {stderr.Result}");
        }
        return TensorJson.ReadNamed(File.ReadAllBytes(outPath), outPath);
    }
}
