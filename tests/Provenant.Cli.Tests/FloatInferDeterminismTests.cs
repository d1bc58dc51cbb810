using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary>
/// The float engine's results do not depend on the thread count or the SIMD width: the execution trace (a hash
/// of every node's output bytes) and the outputs of <c>provenant infer</c> are identical with 2 threads and
/// 512-bit vectors where the CPU has them, with 1 thread and at most 256-bit vectors (<c>DOTNET_EnableAVX512=0</c>, the .NET 10 name; the older <c>EnableAVX512F</c> is set too),
/// and with 1 thread and no hardware intrinsics at all (<c>DOTNET_EnableHWIntrinsic=0</c>: software vectors and fma).
/// </summary>
public sealed class FloatInferDeterminismTests
{
    [Theory]
    [InlineData("wonnx-opt-mnist", "opt-mnist.onnx", "tests/Provenant.Inference.Tests/ModelInputs/wonnx-opt-mnist/7.json")]
    [InlineData("ezkl-nanoGPT", "network.onnx", "input.json")]
    [InlineData("ezkl-accuracy", "network.onnx", "input.json")]
    public void Float_traces_are_identical_for_any_thread_count_and_simd_width(string name, string file, string input)
    {
        using var tmp = SharedData.NewTempDir();
        var model = SharedData.Get("models", name, file);
        var inputPath = input.StartsWith("tests/", StringComparison.Ordinal) ? Path.Combine(SharedData.RepoRoot, input) : SharedData.Get("models", name, input);
        (string Threads, Dictionary<string, string> Env)[] configs =
        [
            ("2", new()),
            ("1", new() { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0" }),
            ("1", new() { ["DOTNET_EnableHWIntrinsic"] = "0" }),
        ];
        byte[]? firstTrace = null, firstOutput = null;
        for (var i = 0; i < configs.Length; i++)
        {
            var dir = tmp[$"run{i}"];
            var trace = Path.Combine(tmp.Path, $"trace{i}.bin");
            var output = ChildInfer.Run(model, inputPath, dir, configs[i].Threads, configs[i].Env, "output_0.pb", "--trace", trace);
            var traceBytes = File.ReadAllBytes(trace);
            Assert.NotEmpty(output);
            if (firstTrace is null)
            {
                (firstTrace, firstOutput) = (traceBytes, output);
                continue;
            }
            Assert.True(firstTrace.AsSpan().SequenceEqual(traceBytes), $"{name}: trace differs with threads={configs[i].Threads} {string.Join(",", configs[i].Env)}");
            Assert.Equal(firstOutput, output);
        }
    }
}
