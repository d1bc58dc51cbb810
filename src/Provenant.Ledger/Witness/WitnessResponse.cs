using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>The outcome of an <c>add-checkpoint</c> call (c2sp.org/tlog-witness): an HTTP status and what came with it.</summary>
/// <param name="Status">200 cosigned; 400 bad request; 403 bad/missing log signature; 404 unknown origin; 409 old size mismatch; 422 bad proof; 0 transport failure.</param>
/// <param name="Cosignatures">On 200: the witness's signature lines.</param>
/// <param name="WitnessSize">On 409: the size of the latest checkpoint the witness cosigned.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record WitnessResponse(int Status, IReadOnlyList<NoteSignature> Cosignatures, ulong? WitnessSize, string Message);
