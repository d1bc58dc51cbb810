using Provenant.Core.Errors;

namespace Provenant.Ledger.Client;

/// <summary>
/// What the log served failed verification (exit code <see cref="ExitCodes.VerificationFailed"/>): a checkpoint
/// that is malformed or not signed by the trusted key, too few witness cosignatures, a tile of the wrong length,
/// a missing tile the checkpoint requires, or hashes that do not lead to the checkpoint's root.
/// </summary>
public class LogVerificationException(string message) : ProvenantException(message, ExitCodes.VerificationFailed);
