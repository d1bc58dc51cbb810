using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>Splits a byte stream at LF into lines of at most <see cref="DatasetLimits.MaxRecordBytes"/> bytes
/// (the LF is dropped; a final line without LF is still returned; the returned list is reused between lines).</summary>
internal static class BoundedLineReader
{
    public static IEnumerable<List<byte>> ReadLines(Func<byte[], long, int> read, string source)
    {
        var buf = new byte[1 << 16];
        var line = new List<byte>();
        long lineNo = 1, offset = 0;
        int n;
        while ((n = read(buf, offset)) > 0)
        {
            var pos = 0;
            while (pos < n)
            {
                var lf = Array.IndexOf(buf, (byte)'\n', pos, n - pos);
                var end = lf < 0 ? n : lf;
                if (line.Count + (end - pos) > DatasetLimits.MaxRecordBytes)
                {
                    throw new ProvenantFormatException(source, "line", $"a line of at most {DatasetLimits.MaxRecordBytes} bytes", "a longer line", lineNo, "line");
                }
                line.AddRange(new ArraySegment<byte>(buf, pos, end - pos));
                if (lf < 0) break;
                yield return line;
                line.Clear();
                lineNo++;
                pos = lf + 1;
            }
            offset += n;
        }
        if (line.Count > 0) yield return line;
    }
}
