using System.Diagnostics;

namespace Provenant.Cli.Tests;

/// <summary>
/// Runs <c>dotnet provenant.dll infer</c> in a child process, so that runtime switches read at start-up
/// (<c>DOTNET_EnableHWIntrinsic=0</c>: software vector and fma paths; <c>DOTNET_EnableAVX512F=0</c>: no 512-bit
/// vectors) take effect.
/// </summary>
internal static class ChildInfer
{
    /// <summary>Runs infer with <paramref name="threads"/> and the given environment; returns the bytes of <paramref name="result"/> (a file under <paramref name="outDir"/>).</summary>
    public static byte[] Run(string model, string input, string outDir, string threads, IReadOnlyDictionary<string, string> environment,
        string result = "output_0.pb", params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "provenant.dll");
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), $"{dll} has no runtimeconfig next to it");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "infer", model, "--input", input, "--output-dir", outDir, "--threads", threads }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "infer did not finish in 120 s");
        Assert.True(p.ExitCode == 0, stdout.Result + stderr);
        return File.ReadAllBytes(Path.Combine(outDir, result));
    }
}
