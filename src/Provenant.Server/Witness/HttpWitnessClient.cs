using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Ledger.Witness;

namespace Provenant.Server.Witness;

/// <summary>
/// <see cref="ICheckpointWitness"/> over HTTP (c2sp.org/tlog-witness <c>POST &lt;submission prefix&gt;/add-checkpoint</c>).
/// 200 bodies are parsed as note signature lines (not verified here: the caller checks them against the witness key),
/// 409 bodies as <c>"&lt;size&gt;\n"</c>. Transport failures, HTTP timeouts and unparseable 200 bodies give status 0.
/// Responses are read up to <see cref="MaxResponseSize"/> bytes.
/// </summary>
public sealed class HttpWitnessClient : ICheckpointWitness
{
    /// <summary>Largest response body read, in bytes.</summary>
    public const int MaxResponseSize = 64 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _addCheckpoint;

    /// <summary>Creates a client.</summary>
    /// <param name="http">The HTTP client (keep-alive connections are reused; its Timeout applies).</param>
    /// <param name="submissionPrefix">The witness's submission prefix, e.g. <c>http://127.0.0.1:7381/</c>.</param>
    /// <param name="name">The witness's cosigner name.</param>
    public HttpWitnessClient(HttpClient http, Uri submissionPrefix, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(submissionPrefix);
        _http = http;
        _addCheckpoint = new Uri(submissionPrefix.AbsoluteUri.TrimEnd('/') + "/add-checkpoint");
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">More than 63 proof hashes or a hash that is not 32 bytes (a caller bug).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<WitnessResponse> AddCheckpointAsync(ulong oldSize, IReadOnlyList<byte[]> consistencyProof, string signedCheckpoint, CancellationToken cancellationToken)
    {
        var body = new AddCheckpointRequest(oldSize, consistencyProof, signedCheckpoint).Format();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        try
        {
            using var response = await _http.PostAsync(_addCheckpoint, content, cancellationToken).ConfigureAwait(false);
            var text = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (text is null) return Failure($"response body over {MaxResponseSize} bytes");
            var status = (int)response.StatusCode;
            return status switch
            {
                200 => ParseCosignatures(text),
                409 => new WitnessResponse(409, [], ParseSize(text), "old size conflict: the witness has " + text.TrimEnd('\n')),
                _ => new WitnessResponse(status, [], null, FirstLine(text)),
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failure(e is OperationCanceledException ? "HTTP timeout" : e.Message);
        }
    }

    private WitnessResponse ParseCosignatures(string text)
    {
        try
        {
            return new WitnessResponse(200, CosignatureLines.Parse(text, _addCheckpoint.AbsoluteUri), null, "cosigned");
        }
        catch (ProvenantFormatException e)
        {
            return Failure("malformed 200 response: " + e.Message);
        }
    }

    private static ulong? ParseSize(string text) =>
        text.EndsWith('\n') && text.Length is > 1 and <= 21 && (text.Length == 2 || text[0] != '0') &&
        ulong.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : null;

    private WitnessResponse Failure(string message) => new(0, [], null, $"{_addCheckpoint}: {message}");

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0];
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxResponseSize + 1];
        var filled = 0;
        int n;
        while (filled < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0) filled += n;
        return filled > MaxResponseSize ? null : Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
