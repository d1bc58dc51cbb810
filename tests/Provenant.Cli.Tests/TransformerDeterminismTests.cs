using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary>
/// ezkl's nanoGPT (token-id input, attention, causal mask, decomposed LayerNorm, tanh GELU) quantized by
/// <c>provenant quantize --calibrate input.json</c> gives the same output and trace bytes in a child process with 2 threads,
/// in one with 1 thread and no hardware intrinsics (<c>DOTNET_EnableHWIntrinsic=0</c>) and in-process: QGather, QMatMul, the
/// masked int8 QSoftmax and the vector QLayerNorm rows do not depend on threads or SIMD width.
/// </summary>
public sealed class TransformerDeterminismTests
{
    [Fact]
    public void Quantized_nanogpt_infers_and_traces_bit_identically_with_hardware_intrinsics_disabled_and_any_thread_count()
    {
        using var tmp = SharedData.NewTempDir();
        var model = SharedData.Get("models/ezkl-nanoGPT/network.onnx");
        var input = SharedData.Get("models/ezkl-nanoGPT/input.json");
        var q = CliRunner.Run("quantize", model, "--calibrate", input, "--out", tmp["q.onnx"]);
        Assert.True(q.ExitCode == 0, q.All);
        Assert.Contains("top-1 agreement over the output's last axis: ", q.All);
        Directory.CreateDirectory(tmp["tn"]);
        Directory.CreateDirectory(tmp["ts"]);
        var traceNormal = ChildInfer.Run(tmp["q.onnx"], input, tmp["tn"], "2", new Dictionary<string, string>(), "trace.bin", "--trace", tmp["tn/trace.bin"]);
        var traceScalar = ChildInfer.Run(tmp["q.onnx"], input, tmp["ts"], "1", new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" }, "trace.bin", "--trace", tmp["ts/trace.bin"]);
        Assert.Equal(traceNormal, traceScalar);
        Assert.Equal(File.ReadAllBytes(tmp["tn/output_0.pb"]), File.ReadAllBytes(tmp["ts/output_0.pb"]));
        var inProcess = CliRunner.Run("infer", tmp["q.onnx"], "--input", input, "--output-dir", tmp["in"], "--threads", "1");
        Assert.True(inProcess.ExitCode == 0, inProcess.All);
        Assert.Equal(File.ReadAllBytes(tmp["tn/output_0.pb"]), File.ReadAllBytes(tmp["in/output_0.pb"]));
    }

    [Fact]
    public void A_json_calibration_input_refuses_dataset_only_options()
    {
        using var tmp = SharedData.NewTempDir();
        var r = CliRunner.Run("quantize", SharedData.Get("models/ezkl-nanoGPT/network.onnx"), "--calibrate", SharedData.Get("models/ezkl-nanoGPT/input.json"),
            "--feature-range", "-1,1", "--out", tmp["q.onnx"]);
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(tmp["q.onnx"]));
    }
}
