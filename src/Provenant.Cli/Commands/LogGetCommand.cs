using System.CommandLine;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log get URL --log-key FILE INDEX [--out FILE]</c>: one entry, after its leaf hash was checked against the
/// level-0 tile and an inclusion proof computed from the log's tiles was verified against its signed checkpoint.
/// </summary>
internal static class LogGetCommand
{
    public static Command Build(CliConsole console)
    {
        var args = new LogClientArgs();
        var index = new Argument<ulong>("INDEX") { Description = "Entry index (0-based)" };
        var outOpt = new Option<string?>("--out") { Description = "Write the entry to this file (default: print it; binary entries as base64)" };
        var cmd = new Command("get", "Fetch one log entry and verify it is in the log's signed checkpoint");
        args.AddTo(cmd);
        cmd.Add(index);
        cmd.Add(outOpt);
        cmd.SetAction(async (r, ct) =>
        {
            var client = args.Open(r, out var fetcher);
            using var _ = fetcher;
            var cp = await client.FetchCheckpointAsync(ct);
            var i = r.GetValue(index);
            if (i >= cp.TreeSize) throw new ProvenantException($"the log has no entry {i}: its checkpoint has {cp.TreeSize} entries", ExitCodes.VerificationFailed);
            var got = await client.GetEntryAsync(cp, i, ct);
            var entry = got.Entry!;
            var summary = $"entry {i} ({entry.Length} bytes, leaf hash {Convert.ToBase64String(got.LeafHash)}) verified in the tree of size {cp.TreeSize}";
            if (r.GetValue(outOpt) is { } o)
            {
                AtomicFile.Write(o, entry);
                console.Out.WriteLine($"{summary} -> {o}");
                return 0;
            }
            if (TryText(entry, out var text))
            {
                console.Out.Write(text);
                if (!text.EndsWith('\n')) console.Out.WriteLine();
            }
            else
            {
                console.Out.WriteLine(Convert.ToBase64String(entry));
                summary += " (binary: printed as base64)";
            }
            console.Error.WriteLine(summary);
            return 0;
        });
        return cmd;
    }

    /// <summary>True when the entry is UTF-8 text without control characters other than tab, CR and LF.</summary>
    private static bool TryText(byte[] entry, out string text)
    {
        text = "";
        try { text = new UTF8Encoding(false, true).GetString(entry); }
        catch (DecoderFallbackException) { return false; }
        return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
    }
}
