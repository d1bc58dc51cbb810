using System.Text;
using Provenant.Core.Errors;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>
/// The body of a 200 <c>add-checkpoint</c> response (c2sp.org/tlog-witness): one or more note signature lines, each
/// <c>— name base64(keyID ‖ signature)</c> ending in a newline (c2sp.org/signed-note, "Signatures").
/// </summary>
public static class CosignatureLines
{
    /// <summary>Most lines accepted by <see cref="Parse"/>.</summary>
    public const int MaxLines = SignedNote.MaxSignatures;

    /// <summary>Formats the lines, each ending in a newline.</summary>
    public static string Format(IEnumerable<NoteSignature> signatures)
    {
        var sb = new StringBuilder();
        foreach (var s in signatures) sb.Append(s.ToLine()).Append('\n');
        return sb.ToString();
    }

    /// <summary>Parses a response body into signature lines (syntax only; the caller verifies them against witness keys).</summary>
    /// <param name="body">The response body.</param>
    /// <param name="source">For error messages (the witness URL).</param>
    /// <exception cref="ProvenantFormatException">Empty, not newline-terminated, more than <see cref="MaxLines"/> lines, or a malformed line.</exception>
    public static IReadOnlyList<NoteSignature> Parse(string body, string source)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length == 0 || !body.EndsWith('\n')) throw new ProvenantFormatException(source, "cosignature lines", "one or more newline-terminated signature lines");
        var lines = body[..^1].Split('\n');
        if (lines.Length > MaxLines) throw new ProvenantFormatException(source, "cosignature lines", $"at most {MaxLines} lines", $"{lines.Length}");
        var list = new NoteSignature[lines.Length];
        for (var i = 0; i < lines.Length; i++) list[i] = SignedNote.ParseLine(lines[i], source, i + 1);
        return list;
    }
}
