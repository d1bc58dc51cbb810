using System.Globalization;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>
/// A transport-independent <c>add-checkpoint</c> response (c2sp.org/tlog-witness): the HTTP status, the body and its
/// content type, plus the parsed cosignatures (200) or witness size (409) for in-process callers.
/// </summary>
/// <param name="Status">200, 400, 403, 404, 409 or 422.</param>
/// <param name="Body">200: the cosignature lines; 409: <c>"&lt;size&gt;\n"</c>; otherwise a one-line explanation.</param>
/// <param name="ContentType"><see cref="CosignatureContentType"/> (200 and errors) or <see cref="SizeContentType"/> (409).</param>
/// <param name="Cosignatures">On 200: the witness's cosignatures, in body order; otherwise empty.</param>
/// <param name="WitnessSize">On 409: the size of the latest checkpoint the witness cosigned for the origin.</param>
public sealed record AddCheckpointResult(int Status, string Body, string ContentType, IReadOnlyList<NoteSignature> Cosignatures, ulong? WitnessSize)
{
    /// <summary>Content type of 200 responses and error messages.</summary>
    public const string CosignatureContentType = "text/plain; charset=utf-8";

    /// <summary>Content type of 409 responses (tlog-witness: <c>text/x.tlog.size</c>).</summary>
    public const string SizeContentType = "text/x.tlog.size";

    /// <summary>200 with the cosignature lines as body.</summary>
    public static AddCheckpointResult Cosigned(IReadOnlyList<NoteSignature> cosignatures) =>
        new(200, CosignatureLines.Format(cosignatures), CosignatureContentType, cosignatures, null);

    /// <summary>409 with the witness's size as body.</summary>
    public static AddCheckpointResult Conflict(ulong witnessSize) =>
        new(409, witnessSize.ToString(CultureInfo.InvariantCulture) + "\n", SizeContentType, [], witnessSize);

    /// <summary>An error status (400, 403, 404, 422) with a one-line message.</summary>
    public static AddCheckpointResult Error(int status, string message) =>
        new(status, message.ReplaceLineEndings(" ") + "\n", CosignatureContentType, [], null);

    /// <summary>The same outcome as the log-facing <see cref="WitnessResponse"/>.</summary>
    public WitnessResponse ToWitnessResponse() => new(Status, Cosignatures, WitnessSize, Status == 200 ? "cosigned" : Body.TrimEnd('\n'));
}
