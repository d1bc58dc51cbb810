using System.Text.RegularExpressions;
using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary><c>provenant infer --trace</c> and <c>provenant trace show|verify|prove|verify-node</c> on shared models.</summary>
public sealed partial class TraceCommandTests
{
    private static string Model(string name) => SharedData.Get("models", name, "network.onnx");

    private static string Input(string name) => SharedData.Get("models", name, "input.json");

    private static (string Root, string Output) Infer(TempDir tmp, string name, string trace, bool tensors = false)
    {
        string[] args = ["infer", Model(name), "--input", Input(name), "--output-dir", tmp["out"], "--trace", trace];
        var r = CliRunner.Run(tensors ? [.. args, "--trace-tensors"] : args);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.True(File.Exists(trace));
        return (RootLine().Match(r.Out).Groups[1].Value, OutputLine().Match(r.Out).Groups[1].Value);
    }

    [Fact]
    public void Infer_writes_a_trace_that_show_and_verify_accept()
    {
        using var tmp = SharedData.NewTempDir();
        var (root, output) = Infer(tmp, "ezkl-tutorial", tmp["trace.bin"]);
        Assert.Matches("^[0-9a-f]{64}$", root);
        Assert.Matches("^[0-9a-f]{64}$", output);
        var show = CliRunner.Run("trace", "show", tmp["trace.bin"]);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains($"trace root:    {root}", show.Out);
        Assert.Contains($"output digest: {output}", show.Out);
        Assert.Contains("12 nodes", show.Out);
        var verify = CliRunner.Run("trace", "verify", tmp["trace.bin"], "--model", Model("ezkl-tutorial"), "--input", Input("ezkl-tutorial"), "--threads", "2");
        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("all 12 nodes re-executed and matched", verify.Out);
    }

    [Fact]
    public void Trace_of_another_model_fails_verification_with_exit_1()
    {
        using var tmp = SharedData.NewTempDir();
        Infer(tmp, "ezkl-tutorial", tmp["trace.bin"]);
        var r = CliRunner.Run("trace", "verify", tmp["trace.bin"], "--model", Model("ezkl-1l_gelu_noappx"), "--input", Input("ezkl-1l_gelu_noappx"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the trace is of another model", r.Err);
    }

    [Fact]
    public void Prove_and_verify_node_with_its_output_tensor()
    {
        using var tmp = SharedData.NewTempDir();
        var (root, _) = Infer(tmp, "ezkl-tutorial", tmp["trace.bin"], tensors: true);
        var prove = CliRunner.Run("trace", "prove", tmp["trace.bin"], "--node", "11", "--out", tmp["p.json"], "--tensors", tmp["n11"]);
        Assert.True(prove.ExitCode == 0, prove.All);
        var ok = CliRunner.Run("trace", "verify-node", tmp["p.json"], "--root", root, "--count", "12", "--tensor", tmp["n11/output_0.pb"]);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("is output 0 of node 11", ok.Out);
        // Node 11 (/Div) produces graph output 1 ("17"), which infer wrote as output_1.pb.
        Assert.Equal(0, CliRunner.Run("trace", "verify-node", tmp["p.json"], "--trace", tmp["trace.bin"], "--tensor", tmp["out/output_1.pb"]).ExitCode);
        var earlier = CliRunner.Run("trace", "prove", tmp["trace.bin"], "--node", "3", "--tensors", tmp["n3"]);
        Assert.True(earlier.ExitCode == 0, earlier.All);
        Assert.Contains("\"index\":3", earlier.Out);
        var wrong = CliRunner.Run("trace", "verify-node", tmp["p.json"], "--root", root, "--count", "12", "--tensor", tmp["n3/output_0.pb"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("is not output 0 of node 11", wrong.Err);
        var bytes = File.ReadAllBytes(tmp["p.json"]);
        var at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("\"leafHash\":\"", StringComparison.Ordinal) + 12;
        bytes[at] = bytes[at] == (byte)'0' ? (byte)'1' : (byte)'0';
        Assert.Equal(1, CliRunner.Run("trace", "verify-node", tmp.Write("bad.json", bytes), "--root", root, "--count", "12").ExitCode);
        bytes[^3] ^= 1;
        Assert.Equal(3, CliRunner.Run("trace", "verify-node", tmp.Write("broken.json", bytes), "--root", root, "--count", "12").ExitCode);
        Assert.Equal(2, CliRunner.Run("trace", "prove", tmp["trace.bin"], "--node", "12").ExitCode);
    }

    [Fact]
    public void Corrupt_trace_files_are_input_errors_naming_the_field()
    {
        using var tmp = SharedData.NewTempDir();
        Infer(tmp, "ezkl-1l_gelu_noappx", tmp["trace.bin"]);
        var bytes = File.ReadAllBytes(tmp["trace.bin"]);
        var cut = tmp.Write("cut.bin", bytes[..^5]);
        var r = CliRunner.Run("trace", "show", cut);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("root: expected 32 more byte(s)", r.Err);
        bytes[^1] ^= 1;
        var flipped = CliRunner.Run("trace", "verify", tmp.Write("flip.bin", bytes), "--model", Model("ezkl-1l_gelu_noappx"), "--input", Input("ezkl-1l_gelu_noappx"));
        Assert.Equal(3, flipped.ExitCode);
        Assert.Contains("root: expected the Merkle root", flipped.Err);
        Assert.Equal(2, CliRunner.Run("infer", Model("ezkl-1l_gelu_noappx"), "--input", Input("ezkl-1l_gelu_noappx"), "--trace-tensors").ExitCode);
    }

    [GeneratedRegex("trace root: ([0-9a-f]{64})")]
    private static partial Regex RootLine();

    [GeneratedRegex("output digest: ([0-9a-f]{64})")]
    private static partial Regex OutputLine();
}
