using Provenant.Core.Errors;

namespace Provenant.Ledger.Log;

/// <summary>The log refused a submission because too many entries are waiting or the maximum merge delay is exceeded; retry later (HTTP 503).</summary>
public sealed class LogOverloadedException(string message) : ProvenantException(message, ExitCodes.OutputError);
