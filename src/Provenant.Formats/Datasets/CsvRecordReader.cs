using System.Text.Unicode;
using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>
/// Streams the records of an RFC 4180 CSV file in canonical form <c>provenant-csv-v1</c>.
/// <para>Parsing: fields are separated by <c>,</c>; rows end with LF or CRLF (a CR not followed by LF outside
/// quotes is an error); a field starting with <c>"</c> is quoted, may hold <c>,</c>, CR and LF, and writes a
/// quote as <c>""</c>; after the closing quote only <c>,</c> or the row end may follow; a <c>"</c> inside an
/// unquoted field is an error; an unterminated quote is an error naming the line it opened on. A leading UTF-8
/// BOM is skipped; empty lines (no bytes between line ends) are not records; the final line end is optional.
/// Field text must be valid UTF-8. A row may not exceed <see cref="DatasetLimits.MaxRecordBytes"/> bytes.</para>
/// <para>Canonical record bytes: each field decoded (quotes removed, <c>""</c> → <c>"</c>, CRLF inside a quoted
/// field → LF), then re-encoded with minimal RFC 4180 quoting — wrapped in <c>"</c> with inner quotes doubled
/// if and only if it contains <c>,</c>, <c>"</c>, CR or LF — and the fields joined with <c>,</c>; UTF-8, no line
/// terminator. A row consisting of a single empty field is written <c>""</c>. So CRLF vs LF files and
/// unnecessary quotes give identical bytes.</para>
/// </summary>
public static class CsvRecordReader
{
    /// <summary>The canonical-form id of the records this reader yields.</summary>
    public const string CanonicalForm = "provenant-csv-v1";

    /// <summary>Reads canonical records from decoded CSV bytes.</summary>
    /// <param name="stream">The CSV bytes (already gzip-decoded if needed); read to the end, not disposed.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="headerRows">Leading rows to skip (0 to <see cref="DatasetLimits.MaxHeaderRows"/>).</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <returns>One canonical byte array per data row, in file order.</returns>
    /// <exception cref="ProvenantFormatException">Malformed CSV (names the file and line), or fewer rows than <paramref name="headerRows"/>.</exception>
    public static IEnumerable<byte[]> ReadRecords(Stream stream, string source, int headerRows = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(headerRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(headerRows, DatasetLimits.MaxHeaderRows);
        return Read((buf, off) => stream.Read(buf), source, headerRows, cancellationToken);
    }

    internal static IEnumerable<byte[]> Read(Func<byte[], long, int> read, string source, int headerRows, CancellationToken ct)
    {
        var rows = 0L;
        foreach (var fields in ReadRows(read, source, ct))
        {
            if (rows++ < headerRows) continue;
            yield return Encode(fields);
        }
        if (rows < headerRows)
        {
            throw new ProvenantFormatException(source, "header", $"at least {headerRows} header row(s)", $"{rows} row(s)");
        }
    }

    /// <summary>Encodes decoded UTF-8 fields as a canonical record (minimal RFC 4180 quoting, joined by commas).</summary>
    public static byte[] Encode(IReadOnlyList<byte[]> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 1 && fields[0].Length == 0) return "\"\""u8.ToArray();
        using var o = new MemoryStream();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) o.WriteByte((byte)',');
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n"u8) < 0)
            {
                o.Write(f);
                continue;
            }
            o.WriteByte((byte)'"');
            foreach (var b in f)
            {
                if (b == (byte)'"') o.WriteByte((byte)'"');
                o.WriteByte(b);
            }
            o.WriteByte((byte)'"');
        }
        return o.ToArray();
    }

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, CarriageReturn }

    private static IEnumerable<List<byte[]>> ReadRows(Func<byte[], long, int> read, string source, CancellationToken ct)
    {
        var buf = new byte[1 << 16];
        var field = new MemoryStream();
        var fields = new List<byte[]>();
        var state = State.FieldStart;
        long line = 1, rowStartLine = 1, quoteLine = 1, offset = 0;
        long rowBytes = 0;
        var first = true;
        var fieldDone = false;
        int n;
        while ((n = read(buf, offset)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) start = 3;
            }
            for (var i = start; i < n; i++)
            {
                var b = buf[i];
                if (++rowBytes > DatasetLimits.MaxRecordBytes)
                {
                    throw new ProvenantFormatException(source, "row", $"a row of at most {DatasetLimits.MaxRecordBytes} bytes", "a longer row", rowStartLine, "line");
                }
                var endRow = false;
                switch (state)
                {
                    case State.FieldStart:
                        if (b == (byte)'"') { state = State.Quoted; quoteLine = line; }
                        else if (b == (byte)',') fields.Add(EndField(field, source, line));
                        else if (b == (byte)'\n') endRow = true;
                        else if (b == (byte)'\r') state = State.CarriageReturn;
                        else { field.WriteByte(b); state = State.Unquoted; }
                        break;
                    case State.Unquoted:
                        if (b == (byte)',') { fields.Add(EndField(field, source, line)); state = State.FieldStart; }
                        else if (b == (byte)'\n') endRow = true;
                        else if (b == (byte)'\r') state = State.CarriageReturn;
                        else if (b == (byte)'"')
                        {
                            throw new ProvenantFormatException(source, "field", "no '\"' inside an unquoted field (RFC 4180 §2.5)", "'\"'", line, "line");
                        }
                        else field.WriteByte(b);
                        break;
                    case State.Quoted:
                        if (b == (byte)'"') state = State.QuoteInQuoted;
                        else if (b == (byte)'\n')
                        {
                            line++;
                            if (field.Length > 0 && field.GetBuffer()[field.Length - 1] == (byte)'\r') field.SetLength(field.Length - 1);
                            field.WriteByte(b);
                        }
                        else field.WriteByte(b);
                        break;
                    case State.QuoteInQuoted:
                        if (b == (byte)'"') { field.WriteByte(b); state = State.Quoted; }
                        else if (b == (byte)',') { fields.Add(EndField(field, source, line)); state = State.FieldStart; }
                        else if (b == (byte)'\n') { fields.Add(EndField(field, source, line)); fieldDone = true; endRow = true; }
                        else if (b == (byte)'\r') { fields.Add(EndField(field, source, line)); fieldDone = true; state = State.CarriageReturn; }
                        else
                        {
                            throw new ProvenantFormatException(source, "field", "',' or a line end after a closing quote (RFC 4180 §2.7)",
                                $"byte 0x{b:x2}", line, "line");
                        }
                        break;
                    case State.CarriageReturn:
                        if (b != (byte)'\n')
                        {
                            throw new ProvenantFormatException(source, "line end", "LF after CR (RFC 4180 §2.1)", $"byte 0x{b:x2}", line, "line");
                        }
                        endRow = true;
                        break;
                }
                if (endRow)
                {
                    var isBlank = fields.Count == 0 && field.Length == 0 && !fieldDone;
                    if (!isBlank && !fieldDone) fields.Add(EndField(field, source, line));
                    line++;
                    if (!isBlank)
                    {
                        ct.ThrowIfCancellationRequested();
                        yield return fields;
                    }
                    fields = [];
                    state = State.FieldStart;
                    fieldDone = false;
                    rowStartLine = line;
                    rowBytes = 0;
                }
            }
            offset += n;
        }
        switch (state)
        {
            case State.Quoted:
                throw new ProvenantFormatException(source, "field", "a closing '\"' (RFC 4180 §2.6)", "end of file inside a quoted field opened", quoteLine, "line");
            case State.CarriageReturn:
                throw new ProvenantFormatException(source, "line end", "LF after CR (RFC 4180 §2.1)", "end of file", line, "line");
            case State.QuoteInQuoted:
                fields.Add(EndField(field, source, line));
                yield return fields;
                break;
            case State.Unquoted:
                fields.Add(EndField(field, source, line));
                yield return fields;
                break;
            case State.FieldStart:
                if (fields.Count > 0)
                {
                    fields.Add(EndField(field, source, line));
                    yield return fields;
                }
                break;
        }
    }

    private static byte[] EndField(MemoryStream field, string source, long line)
    {
        var bytes = field.ToArray();
        field.SetLength(0);
        if (!Utf8.IsValid(bytes))
        {
            throw new ProvenantFormatException(source, "field", "UTF-8 text", "invalid UTF-8", line, "line");
        }
        return bytes;
    }
}
