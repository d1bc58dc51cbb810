using System.Globalization;
using System.Text.Json;

namespace Provenant.Server.Provenance.Verifiers;

/// <summary><c>log-entry</c>: <c>{"index": N}</c>; the <see cref="EntryChecker"/> checks of a logged entry.</summary>
public sealed class LogEntryVerifier(EntryChecker entries) : IArtifactVerifier
{
    /// <inheritdoc />
    public string Kind => "log-entry";

    /// <inheritdoc />
    public string Description => "a logged entry: {\"index\": integer}; stored submission signature, entry bytes, inclusion, checkpoint signature";

    /// <inheritdoc />
    public VerificationReport Verify(JsonElement request, CancellationToken cancellationToken)
    {
        ulong index;
        if (request.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetUInt64(out var n)) index = n;
        else if (RequestFields.String(request, "index") is { } s && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var m)) index = m;
        else return new VerificationReport(Kind, [new VerificationCheck("request.index", false, "expected \"index\": a non-negative integer")]);
        if (index >= entries.Log.Published.Checkpoint.TreeSize)
        {
            return new VerificationReport(Kind, [new VerificationCheck("log.entry", false, $"entry {index} is beyond the published tree ({entries.Log.Published.Checkpoint.TreeSize} entries)")]);
        }
        return new VerificationReport(Kind, entries.Check(index).Checks);
    }
}
