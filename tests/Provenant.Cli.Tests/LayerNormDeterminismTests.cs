using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary>
/// The quantized digits MLP with LayerNorm and Softmax (samples/models/digits-mlp-layernorm) gives the same output bytes in a
/// child process with 2 threads and in one with 1 thread and no hardware intrinsics (<c>DOTNET_EnableHWIntrinsic=0</c>), and
/// in-process: QLayerNorm's integer arithmetic does not depend on threads or SIMD width.
/// </summary>
public sealed class LayerNormDeterminismTests
{
    [Fact]
    public void Infer_on_the_quantized_layernorm_model_is_bit_identical_with_hardware_intrinsics_disabled_and_any_thread_count()
    {
        using var tmp = SharedData.NewTempDir();
        string root = SharedData.RepoRoot;
        var q = CliRunner.Run("quantize", Path.Combine(root, "samples", "models", "digits-mlp-layernorm", "digits-mlp-layernorm.onnx"), "--calibrate",
            Path.Combine(root, "samples", "datasets", "sklearn-digits", "digits.csv.gz"), "--samples", "128", "--out", tmp["q.onnx"]);
        Assert.True(q.ExitCode == 0, q.All);
        var input = Path.Combine(root, "samples", "models", "digits-mlp", "digit-0.json");
        var normal = ChildInfer.Run(tmp["q.onnx"], input, tmp["normal"], "2", new Dictionary<string, string>());
        var scalar = ChildInfer.Run(tmp["q.onnx"], input, tmp["scalar"], "1", new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" });
        Assert.Equal(normal, scalar);
        // The trace commits every node's output bytes, QLayerNorm's int32 values included.
        Directory.CreateDirectory(tmp["tn"]);
        Directory.CreateDirectory(tmp["ts"]);
        var traceNormal = ChildInfer.Run(tmp["q.onnx"], input, tmp["tn"], "2", new Dictionary<string, string>(), "trace.bin", "--trace", tmp["tn/trace.bin"]);
        var traceScalar = ChildInfer.Run(tmp["q.onnx"], input, tmp["ts"], "1", new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" }, "trace.bin", "--trace", tmp["ts/trace.bin"]);
        Assert.Equal(traceNormal, traceScalar);
        var inProcess = CliRunner.Run("infer", tmp["q.onnx"], "--input", input, "--output-dir", tmp["in"], "--threads", "1");
        Assert.True(inProcess.ExitCode == 0, inProcess.All);
        Assert.Equal(normal, File.ReadAllBytes(tmp["in/output_0.pb"]));
    }
}
