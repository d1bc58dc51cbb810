using Provenant.Core.Encoding;
using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>
/// Streams the records of a JSON Lines file in canonical form <c>provenant-jsonl-v1</c>.
/// <para>Lines end with LF (a CR before it is dropped); a line holding only spaces, tabs and CR is not a
/// record; every other line must be exactly one JSON value (RFC 8259), at most
/// <see cref="DatasetLimits.MaxRecordBytes"/> bytes. A leading UTF-8 BOM is skipped.</para>
/// <para>Canonical record bytes: the RFC 8785 JSON Canonicalization Scheme form of the value
/// (<see cref="CanonicalJson"/>): sorted member names, no whitespace, ECMAScript numbers, minimal escapes, UTF-8,
/// no line terminator. Invalid UTF-8, duplicate names, lone surrogates and numbers outside the double range are
/// rejected with the line number.</para>
/// </summary>
public static class JsonlRecordReader
{
    /// <summary>The canonical-form id of the records this reader yields.</summary>
    public const string CanonicalForm = "provenant-jsonl-v1";

    /// <summary>Reads canonical records from decoded JSONL bytes.</summary>
    /// <param name="stream">The JSONL bytes (already gzip-decoded if needed); read to the end, not disposed.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="cancellationToken">Checked between lines.</param>
    /// <returns>One RFC 8785 canonical byte array per non-blank line, in file order.</returns>
    /// <exception cref="ProvenantFormatException">A line that is not one valid JSON value (names the file and line), or an over-long line.</exception>
    public static IEnumerable<byte[]> ReadRecords(Stream stream, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        return Read((buf, off) => stream.Read(buf), source, cancellationToken);
    }

    internal static IEnumerable<byte[]> Read(Func<byte[], long, int> read, string source, CancellationToken ct)
    {
        long lineNo = 0;
        foreach (var line in BoundedLineReader.ReadLines(read, source))
        {
            lineNo++;
            if (lineNo == 1 && line.Count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF)
            {
                line.RemoveRange(0, 3);
            }
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);
            if (span.TrimEnd((byte)'\r').Trim(" \t\r"u8).IsEmpty) continue;
            byte[] canonical;
            try
            {
                canonical = CanonicalJson.Canonicalize(span, source);
            }
            catch (ProvenantFormatException e)
            {
                throw new ProvenantFormatException(source, "record", "one JSON value per line (RFC 8259, RFC 8785)",
                    e.Field + ": " + (e.Found ?? e.Expected), lineNo, "line", e);
            }
            ct.ThrowIfCancellationRequested();
            yield return canonical;
        }
    }
}
