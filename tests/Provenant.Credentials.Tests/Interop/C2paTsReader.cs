using System.Diagnostics;
using System.Text.Json;
using Provenant.TestSupport;

namespace Provenant.Credentials.Tests.Interop;

/// <summary>
/// Runs tests/c2pa-ts-reader/read.mjs (@trustnxt/c2pa-ts 0.9.4, an independent TypeScript C2PA reader) through
/// <c>node</c>. Missing node_modules is a failure naming the install command.
/// </summary>
internal static class C2paTsReader
{
    public static string Folder => Path.Combine(SharedData.RepoRoot, "tests", "c2pa-ts-reader");

    public static JsonDocument Read(string file)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@trustnxt", "c2pa-ts")))
        {
            throw new InvalidOperationException($"@trustnxt/c2pa-ts is not installed in {Folder}: run `npm ci --ignore-scripts` in that folder.");
        }
        var psi = new ProcessStartInfo("node", [Path.Combine(Folder, "read.mjs"), file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("node read.mjs did not finish in 60 s");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"node read.mjs failed ({p.ExitCode}): {stderr.Result}");
        return JsonDocument.Parse(stdout);
    }
}
