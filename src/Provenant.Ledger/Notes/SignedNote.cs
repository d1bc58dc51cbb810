using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Ledger.Notes;

/// <summary>
/// A signed note (c2sp.org/signed-note, "Format"): a UTF-8 text ending in a newline, a blank line, then one or more
/// signature lines <c>— name base64(keyID ‖ sig)</c>, each ending in a newline.
/// </summary>
/// <remarks>
/// <see cref="Parse(string, string)"/> checks only the syntax; the text must be ignored until
/// <see cref="Verify"/> says a trusted key signed it. Notes are capped at <see cref="MaxSize"/> bytes and
/// <see cref="MaxSignatures"/> signatures (the spec requires accepting at least 16; golang.org/x/mod allows 100).
/// </remarks>
public sealed class SignedNote
{
    /// <summary>Largest note accepted by <see cref="Parse(string, string)"/>, in bytes of UTF-8.</summary>
    public const int MaxSize = 1 << 20;

    /// <summary>Most signature lines accepted.</summary>
    public const int MaxSignatures = 100;

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, including its final newline, excluding the separating blank line.</summary>
    public string Text { get; }

    /// <summary>All signature lines, in order, known and unknown keys alike.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Signs <paramref name="text"/> (which must end in a newline and pass the note rules) with each signer.</summary>
    /// <exception cref="ArgumentException">The text is not a valid note text.</exception>
    public static SignedNote Sign(string text, params INoteSigner[] signers)
    {
        var problem = CheckText(text);
        if (problem is not null) throw new ArgumentException(problem, nameof(text));
        if (signers.Length == 0) throw new ArgumentException("a signed note needs at least one signature", nameof(signers));
        var bytes = Encoding.UTF8.GetBytes(text);
        return new SignedNote(text, signers.Select(s => s.Sign(bytes)).ToArray());
    }

    /// <summary>The same note with <paramref name="more"/> signatures appended (for example witness cosignatures).</summary>
    public SignedNote WithSignatures(IEnumerable<NoteSignature> more) => new(Text, [.. Signatures, .. more]);

    /// <summary>The note encoding: text, blank line, signature lines.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Text.Length + 128 * Signatures.Count);
        sb.Append(Text).Append('\n');
        foreach (var s in Signatures) sb.Append(s.ToLine()).Append('\n');
        return sb.ToString();
    }

    /// <summary>Parses a note from UTF-8 bytes. See <see cref="Parse(string, string)"/>.</summary>
    /// <exception cref="ProvenantFormatException">Not valid UTF-8, or malformed.</exception>
    public static SignedNote Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length > MaxSize) throw new ProvenantFormatException(source, "note", $"at most {MaxSize} bytes", $"{bytes.Length} bytes");
        string s;
        try { s = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException e) { throw new ProvenantFormatException(source, "note", "valid UTF-8", "invalid byte sequence", e.Index, inner: e); }
        return Parse(s, source);
    }

    /// <summary>
    /// Parses the syntax of a signed note: no control characters but newline, text separated from the signatures by
    /// the last blank line, 1 to <see cref="MaxSignatures"/> well-formed signature lines.
    /// </summary>
    /// <param name="note">The whole note, ending in a newline.</param>
    /// <param name="source">Where it came from, for error messages (file name, URL).</param>
    /// <exception cref="ProvenantFormatException">Malformed note.</exception>
    public static SignedNote Parse(string note, string source)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (Encoding.UTF8.GetByteCount(note) > MaxSize) throw new ProvenantFormatException(source, "note", $"at most {MaxSize} bytes");
        for (var i = 0; i < note.Length; i++)
        {
            if (note[i] < 0x20 && note[i] != '\n') throw new ProvenantFormatException(source, "note", "no control characters other than newline", $"U+{(int)note[i]:X4}", i);
        }
        if (!note.EndsWith('\n')) throw new ProvenantFormatException(source, "note", "a final newline");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new ProvenantFormatException(source, "note", "a blank line between the text and the signatures");
        var text = note[..(split + 1)];
        var sigBlock = note[(split + 2)..];
        var lines = sigBlock.Split('\n');
        var count = lines.Length - 1; // sigBlock ends with '\n'
        if (count < 1) throw new ProvenantFormatException(source, "note signatures", "at least one signature line");
        if (count > MaxSignatures) throw new ProvenantFormatException(source, "note signatures", $"at most {MaxSignatures} signature lines", $"{count} (malformed note)");
        var sigs = new NoteSignature[count];
        for (var i = 0; i < count; i++) sigs[i] = ParseLine(lines[i], source, i + 1);
        return new SignedNote(text, sigs);
    }

    /// <summary>Parses one <c>— name base64</c> line.</summary>
    internal static NoteSignature ParseLine(string line, string source, int number)
    {
        var field = $"signature line {number}";
        if (!line.StartsWith("\u2014 ", StringComparison.Ordinal)) throw new ProvenantFormatException(source, field, "'— ' (U+2014, space) at the start", Excerpt(line));
        var rest = line[2..];
        var space = rest.IndexOf(' ');
        if (space <= 0) throw new ProvenantFormatException(source, field, "a key name, a space and a base64 signature", Excerpt(line));
        var name = rest[..space];
        if (!NoteKeyName.IsValid(name)) throw new ProvenantFormatException(source, field, "a key name without spaces or '+'", Excerpt(name));
        byte[] raw;
        try { raw = Convert.FromBase64String(rest[(space + 1)..]); }
        catch (FormatException) { throw new ProvenantFormatException(source, field, "standard base64 after the key name", Excerpt(rest[(space + 1)..])); }
        if (raw.Length < 5) throw new ProvenantFormatException(source, field, "a 4-byte key ID followed by a signature", $"{raw.Length} bytes");
        return new NoteSignature(name, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw), raw[4..]);
    }

    /// <summary>
    /// Verifies the note against trusted keys (c2sp.org/signed-note, "Signatures"): signatures whose (name, key ID)
    /// match no trusted key are ignored; a signature from a trusted key that fails rejects the whole note; at least
    /// one trusted signature must verify. Never throws.
    /// </summary>
    public NoteVerification Verify(IEnumerable<INoteVerifier> trusted)
    {
        var keys = trusted.ToList();
        var text = Encoding.UTF8.GetBytes(Text);
        var verified = new List<INoteVerifier>();
        var unknown = new List<NoteSignature>();
        foreach (var sig in Signatures)
        {
            var key = keys.FirstOrDefault(k => k.Name == sig.KeyName && k.KeyId == sig.KeyId);
            if (key is null)
            {
                unknown.Add(sig);
                continue;
            }
            if (!key.Verify(text, sig.Signature))
            {
                return new NoteVerification(Core.VerificationResult.Rejected($"invalid signature for key {sig.KeyName}+{sig.KeyId:x8}"), [], unknown);
            }
            if (!verified.Contains(key)) verified.Add(key);
        }
        return verified.Count == 0
            ? new NoteVerification(Core.VerificationResult.Rejected("note has no verifiable signatures"), [], unknown)
            : new NoteVerification(Core.VerificationResult.Valid("signed by " + string.Join(", ", verified.Select(v => v.Name))), verified, unknown);
    }

    /// <summary>Null when <paramref name="text"/> is a valid note text, otherwise what is wrong.</summary>
    internal static string? CheckText(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.EndsWith('\n')) return "a note text must end in a newline";
        if (text.Contains("\n\n", StringComparison.Ordinal) && text.EndsWith("\n\n", StringComparison.Ordinal)) return "a note text must not end in a blank line";
        foreach (var c in text) if (c < 0x20 && c != '\n') return "a note text must not contain control characters other than newline";
        return null;
    }

    private static string Excerpt(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
