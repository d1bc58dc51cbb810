using Provenant.Core.Errors;

namespace Provenant.Ledger.Client;

/// <summary>
/// The log could not be read: a transport failure, a timeout, an error status, or a response over its size limit
/// (exit code <see cref="ExitCodes.InputError"/>). Says nothing about the log's honesty; a monitor may retry.
/// </summary>
public sealed class LogUnavailableException(string message, Exception? inner = null)
    : ProvenantException(message, ExitCodes.InputError, inner);
