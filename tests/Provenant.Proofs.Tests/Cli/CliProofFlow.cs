using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Cli;

/// <summary>
/// The README's proof flow on the CLI, in <paramref name="tmp"/>: quantize (calibrated on 256 samples, evaluated on the whole
/// dataset) → commit-weights → prove → verify-proof, asserting each step succeeds. Files: q.onnx, C.json, proof.bin, y.json.
/// </summary>
internal static class CliProofFlow
{
    public static void Run(TempDir tmp, string model, string dataset, string input, string provenOp, ITestOutputHelper output)
    {
        var q = CliRunner.Run("quantize", model, "--calibrate", dataset, "--samples", "256", "--evaluate", dataset, "--out", tmp["q.onnx"]);
        Assert.True(q.Code == 0, q.Out + q.Err);
        Assert.Contains("quantized top-1", q.Out);
        output.WriteLine(q.Out);
        Assert.Equal(0, CliRunner.Run("commit-weights", tmp["q.onnx"], "--out", tmp["C.json"]).Code);
        var p = CliRunner.Run("prove", tmp["q.onnx"], "--input", input, "--weights-commitment", tmp["C.json"], "--out", tmp["proof.bin"], "--output", tmp["y.json"]);
        Assert.True(p.Code == 0, p.Out + p.Err);
        Assert.Contains(provenOp, p.Out);
        output.WriteLine(p.Out);
        var v = CliRunner.Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--input", input, "--output", tmp["y.json"]);
        Assert.True(v.Code == 0, v.Out + v.Err);
        Assert.Contains("VALID", v.Out);
        output.WriteLine(v.Out);
    }
}
