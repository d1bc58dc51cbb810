using Provenant.Ledger.Client;

namespace Provenant.Cli.Commands;

/// <summary>Text output shared by the <c>log</c> client commands (hashes in base64, as in checkpoints).</summary>
internal static class LogOutput
{
    public static void WriteHashes(TextWriter w, string title, IReadOnlyList<byte[]> hashes)
    {
        w.WriteLine($"{title}: {hashes.Count} hashes");
        foreach (var h in hashes) w.WriteLine("  " + Convert.ToBase64String(h));
    }

    public static void WriteInclusion(TextWriter w, VerifiedInclusion inclusion)
    {
        w.WriteLine($"index: {inclusion.Index}");
        w.WriteLine($"tree size: {inclusion.Checkpoint.TreeSize}");
        w.WriteLine($"leaf hash: {Convert.ToBase64String(inclusion.LeafHash)}");
        WriteHashes(w, "inclusion proof", inclusion.Proof);
        w.WriteLine("checkpoint:");
        w.Write(inclusion.Checkpoint.Note);
    }

    /// <summary>Reports a fork on stderr with both checkpoints; returns the exit code.</summary>
    public static int Fork(CliConsole console, LogForkException fork)
    {
        console.Error.WriteLine("error: " + fork.Message);
        console.Error.Write(fork.Evidence.Format());
        return Core.Errors.ExitCodes.VerificationFailed;
    }
}
