namespace Provenant.Core.Errors;

/// <summary>
/// Corrupt or malformed input: names the file, the byte offset (or line) and field where parsing
/// stopped, what was expected and what was found.
/// </summary>
public sealed class ProvenantFormatException : ProvenantException
{
    /// <summary>Creates the exception; the message is assembled from the parts.</summary>
    /// <param name="file">The file (or logical source such as "signature") being parsed.</param>
    /// <param name="field">The field or structure being read, e.g. <c>dsseEnvelope.payload</c>.</param>
    /// <param name="expected">What a valid input has there.</param>
    /// <param name="found">What was there instead (may be null).</param>
    /// <param name="offset">Byte offset or line number when known (see <paramref name="offsetUnit"/>).</param>
    /// <param name="offsetUnit">"offset" (bytes) or "line".</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ProvenantFormatException(string file, string field, string expected, string? found = null,
        long? offset = null, string offsetUnit = "offset", Exception? inner = null)
        : base(Compose(file, field, expected, found, offset, offsetUnit), ExitCodes.InputError, inner)
    {
        File = file;
        Field = field;
        Expected = expected;
        Found = found;
        Offset = offset;
    }

    /// <summary>The file or source that was being parsed.</summary>
    public string File { get; }

    /// <summary>The field being read.</summary>
    public string Field { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }

    /// <summary>What was found, if known.</summary>
    public string? Found { get; }

    /// <summary>Byte offset or line, if known.</summary>
    public long? Offset { get; }

    private static string Compose(string file, string field, string expected, string? found, long? offset, string unit)
    {
        var where = offset is null ? file : $"{file} ({unit} {offset})";
        var got = found is null ? "" : $", found {found}";
        return $"{where}: {field}: expected {expected}{got}";
    }
}
