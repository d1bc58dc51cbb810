using System.Globalization;
using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Ledger.Checkpoints;

/// <summary>
/// A transparency-log checkpoint, the note text of c2sp.org/tlog-checkpoint ("Note text"):
/// <code>
/// &lt;origin&gt;\n
/// &lt;tree size, decimal, no leading zeroes&gt;\n
/// &lt;base64 RFC 6962 root hash&gt;\n
/// [&lt;extension line&gt;\n ...]
/// </code>
/// </summary>
/// <param name="Origin">The log identity, non-empty (recommended: a schema-less URL without spaces or '+').</param>
/// <param name="TreeSize">Number of leaves.</param>
/// <param name="RootHash">The 32-byte RFC 6962 / 9162 root hash of the first <paramref name="TreeSize"/> leaves.</param>
/// <param name="Extensions">Opaque non-empty extension lines (not recommended; usually empty).</param>
public sealed record Checkpoint(string Origin, ulong TreeSize, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>A checkpoint without extension lines.</summary>
    public Checkpoint(string origin, ulong treeSize, byte[] rootHash) : this(origin, treeSize, rootHash, []) { }

    /// <summary>The note text: three (or more) newline-terminated lines.</summary>
    /// <exception cref="ArgumentException">The origin is empty or contains a newline, the root is not 32 bytes, or an extension line is empty.</exception>
    public string Format()
    {
        if (string.IsNullOrEmpty(Origin) || Origin.Contains('\n')) throw new ArgumentException("the checkpoint origin must be a non-empty single line");
        if (RootHash is not { Length: 32 }) throw new ArgumentException("the checkpoint root hash must be 32 bytes");
        var sb = new StringBuilder();
        sb.Append(Origin).Append('\n').Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var e in Extensions)
        {
            if (string.IsNullOrEmpty(e) || e.Contains('\n')) throw new ArgumentException("checkpoint extension lines must be non-empty single lines");
            sb.Append(e).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Parses a checkpoint note text (the text of a signed note, after its signature verified).</summary>
    /// <param name="text">The note text, ending in a newline.</param>
    /// <param name="source">For error messages.</param>
    /// <exception cref="ProvenantFormatException">Fewer than three lines, an empty line, a tree size with a sign,
    /// leading zeroes or overflow, or a root hash that is not base64 of 32 bytes.</exception>
    public static Checkpoint Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n')) throw new ProvenantFormatException(source, "checkpoint", "newline-terminated lines");
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3) throw new ProvenantFormatException(source, "checkpoint", "at least three lines (origin, tree size, root hash)", $"{lines.Length} line(s)");
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) throw new ProvenantFormatException(source, $"checkpoint line {i + 1}", "a non-empty line", offset: i + 1, offsetUnit: "line");
        }
        var sizeText = lines[1];
        if (!sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0') ||
            !ulong.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new ProvenantFormatException(source, "checkpoint tree size", "a decimal integer without sign or leading zeroes, < 2^64", sizeText, 2, "line");
        }
        byte[] root;
        try { root = Convert.FromBase64String(lines[2]); }
        catch (FormatException) { throw new ProvenantFormatException(source, "checkpoint root hash", "base64", lines[2], 3, "line"); }
        if (root.Length != 32 || Convert.ToBase64String(root) != lines[2])
        {
            throw new ProvenantFormatException(source, "checkpoint root hash", "canonical base64 of 32 bytes", $"{root.Length} bytes", 3, "line");
        }
        return new Checkpoint(lines[0], size, root, lines[3..]);
    }

    /// <summary>Value equality including the root hash bytes.</summary>
    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && TreeSize == other.TreeSize && RootHash.AsSpan().SequenceEqual(other.RootHash) && Extensions.SequenceEqual(other.Extensions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Origin, TreeSize, BitConverter.ToInt32(RootHash, 0));
}
