using Provenant.Core.IO;

namespace Provenant.Cli.Commands;

/// <summary>Where prove-style commands put a proof: atomically into <c>--out</c> with a one-line summary, or printed on stdout.</summary>
internal static class ProofOutput
{
    /// <summary>Writes <paramref name="proof"/> (UTF-8 text bytes) to <paramref name="outPath"/> and prints <paramref name="summary"/> followed by <c>-&gt; path</c>, or prints the proof when no path is given.</summary>
    public static void WriteOrPrint(CliConsole console, byte[] proof, string? outPath, string summary)
    {
        if (outPath is not null)
        {
            AtomicFile.Write(outPath, proof);
            console.Out.WriteLine($"{summary} -> {outPath}");
        }
        else
        {
            console.Out.Write(System.Text.Encoding.UTF8.GetString(proof));
        }
    }
}
