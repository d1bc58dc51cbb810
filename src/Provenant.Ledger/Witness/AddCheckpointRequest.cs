using System.Globalization;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>
/// The body of a c2sp.org/tlog-witness <c>add-checkpoint</c> request ("add-checkpoint"):
/// <code>
/// old &lt;size, ASCII decimal, no leading zeroes&gt;\n
/// &lt;base64 consistency-proof hash&gt;\n      (0 to 63 lines)
/// \n
/// &lt;signed checkpoint note&gt;
/// </code>
/// </summary>
/// <param name="OldSize">The tree size of the previous checkpoint the client believes the witness cosigned (0 if none).</param>
/// <param name="ConsistencyProof">RFC 6962 §2.1.2 consistency proof hashes (32 bytes each) from <paramref name="OldSize"/> to the checkpoint's size.</param>
/// <param name="SignedCheckpoint">The whole signed note: checkpoint text, blank line, signature lines.</param>
public sealed record AddCheckpointRequest(ulong OldSize, IReadOnlyList<byte[]> ConsistencyProof, string SignedCheckpoint)
{
    /// <summary>Largest request body accepted, in bytes (a checkpoint, 63 proof lines and 100 signatures fit well below).</summary>
    public const int MaxBodySize = 64 * 1024;

    /// <summary>Most consistency-proof lines a client may send (tlog-witness: "MUST NOT send more than 63").</summary>
    public const int MaxProofLines = 63;

    /// <summary>The request body, UTF-8.</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxProofLines"/> hashes, or a hash that is not 32 bytes.</exception>
    public byte[] Format()
    {
        if (ConsistencyProof.Count > MaxProofLines) throw new ArgumentException($"at most {MaxProofLines} consistency proof hashes", nameof(ConsistencyProof));
        var sb = new StringBuilder();
        sb.Append("old ").Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var h in ConsistencyProof)
        {
            if (h is not { Length: Rfc9162.HashSize }) throw new ArgumentException("consistency proof hashes are 32 bytes", nameof(ConsistencyProof));
            sb.Append(Convert.ToBase64String(h)).Append('\n');
        }
        sb.Append('\n').Append(SignedCheckpoint);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Parses a request body strictly: the old size line, at most 63 lines each the canonical base64 of a 32-byte hash,
    /// an empty line, then a syntactically valid, canonically encoded signed note (<see cref="SignedNote.Parse(ReadOnlySpan{byte}, string)"/>).
    /// Signatures are not verified here.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="source">For error messages (e.g. "add-checkpoint request").</param>
    /// <returns>The request and the parsed (unverified) note.</returns>
    /// <exception cref="ProvenantFormatException">Any deviation from the format, or a body over <see cref="MaxBodySize"/> bytes.</exception>
    public static (AddCheckpointRequest Request, SignedNote Note) Parse(ReadOnlySpan<byte> body, string source)
    {
        if (body.Length > MaxBodySize) throw new ProvenantFormatException(source, "body", $"at most {MaxBodySize} bytes", $"{body.Length} bytes");
        var pos = 0;
        var sizeLine = ReadLine(body, ref pos, source, "old size line");
        if (!sizeLine.StartsWith("old "u8)) throw new ProvenantFormatException(source, "old size line", "'old ' followed by a decimal size", Excerpt(sizeLine), 0);
        var oldSize = ParseSize(sizeLine[4..], source);
        var proof = new List<byte[]>();
        while (true)
        {
            var lineStart = pos;
            var line = ReadLine(body, ref pos, source, "consistency proof line");
            if (line.IsEmpty) break;
            if (proof.Count == MaxProofLines) throw new ProvenantFormatException(source, "consistency proof", $"at most {MaxProofLines} lines", "more", lineStart);
            proof.Add(ParseHash(line, source, lineStart));
        }
        var noteBytes = body[pos..];
        var note = SignedNote.Parse(noteBytes, source);
        // Only the canonical encoding is accepted (e.g. no whitespace inside base64, no set padding bits), so one
        // request has one meaning and a changed byte never yields the same cosigned request.
        if (!Encoding.UTF8.GetBytes(note.ToString()).AsSpan().SequenceEqual(noteBytes))
        {
            throw new ProvenantFormatException(source, "checkpoint note", "canonically encoded signature lines", "a non-canonical encoding", pos);
        }
        return (new AddCheckpointRequest(oldSize, proof, note.ToString()), note);
    }

    private static ReadOnlySpan<byte> ReadLine(ReadOnlySpan<byte> body, ref int pos, string source, string field)
    {
        var nl = body[pos..].IndexOf((byte)'\n');
        if (nl < 0) throw new ProvenantFormatException(source, field, "a line ending in a newline (U+000A)", "end of body", pos);
        var line = body.Slice(pos, nl);
        pos += nl + 1;
        return line;
    }

    private static ulong ParseSize(ReadOnlySpan<byte> digits, string source)
    {
        var ok = digits.Length is > 0 and <= 20 && (digits.Length == 1 || digits[0] != (byte)'0');
        foreach (var d in digits) ok &= d is >= (byte)'0' and <= (byte)'9';
        if (!ok || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new ProvenantFormatException(source, "old size", "an ASCII decimal < 2^64 without sign or leading zeroes", Excerpt(digits), 4);
        }
        return size;
    }

    private static byte[] ParseHash(ReadOnlySpan<byte> line, string source, int offset)
    {
        // Canonical base64 of 32 bytes is exactly 44 characters ending in one '='.
        var hash = new byte[Rfc9162.HashSize];
        if (line.Length != 44 || !Convert.TryFromBase64Chars(Encoding.ASCII.GetString(line), hash, out var n) || n != Rfc9162.HashSize ||
            !Encoding.ASCII.GetBytes(Convert.ToBase64String(hash)).AsSpan().SequenceEqual(line))
        {
            throw new ProvenantFormatException(source, "consistency proof line", "the canonical base64 of a 32-byte hash", Excerpt(line), offset);
        }
        return hash;
    }

    private static string Excerpt(ReadOnlySpan<byte> s)
    {
        var text = Encoding.ASCII.GetString(s[..Math.Min(s.Length, 40)]);
        return new string(text.Select(c => c is < ' ' or > '~' ? '?' : c).ToArray()) + (s.Length > 40 ? "…" : "");
    }
}
