using System.Net;
using Provenant.Ledger.Client;
using Provenant.Ledger.Tiles;

namespace Provenant.Server.Client;

/// <summary>
/// <see cref="ITileFetcher"/> over HTTP(S): <c>GET {base}/checkpoint</c> and <c>GET {base}/tile/…</c>
/// (c2sp.org/tlog-tiles), with gzip accepted, a per-request timeout, and responses read only up to their limit
/// (checkpoint 64 KiB, tile 8 KiB, entry bundle 256 × 65,537 bytes, counted after decompression).
/// </summary>
public sealed class HttpTileFetcher : ITileFetcher, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeSpan _timeout;

    /// <summary>Fetches from the log at <paramref name="baseUrl"/> (its prefix; <c>/checkpoint</c> is appended).</summary>
    /// <param name="baseUrl">An absolute http or https URL.</param>
    /// <param name="timeout">Per-request timeout; default 30 s.</param>
    /// <exception cref="ArgumentException">Not an absolute http(s) URL.</exception>
    public HttpTileFetcher(string baseUrl, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseUrl}' is not an absolute http:// or https:// URL", nameof(baseUrl));
        }
        _base = new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/");
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            AllowAutoRedirect = false,
            ConnectTimeout = timeout ?? TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 64, // KiB
        };
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // the whole exchange, body included, is bounded below
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("provenant-log-client");
    }

    /// <inheritdoc />
    public string Source => _base.AbsoluteUri.TrimEnd('/');

    /// <inheritdoc />
    public async Task<byte[]> FetchCheckpointAsync(CancellationToken cancellationToken) =>
        await GetAsync("checkpoint", ITileFetcher.MaxCheckpointBytes, cancellationToken).ConfigureAwait(false)
        ?? throw new LogUnavailableException($"{Source}/checkpoint: not found (404)");

    /// <inheritdoc />
    public Task<byte[]?> FetchTileAsync(TilePath path, CancellationToken cancellationToken) =>
        GetAsync(path.ToString(), path.IsEntryBundle ? ITileFetcher.MaxEntryBundleBytes : ITileFetcher.MaxTileBytes, cancellationToken);

    /// <summary>GET <paramref name="relative"/>: the body (at most <paramref name="limit"/> bytes), or null on 404.</summary>
    private async Task<byte[]?> GetAsync(string relative, int limit, CancellationToken cancellationToken)
    {
        var url = new Uri(_base, relative);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var ct = deadline.Token;
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (response.StatusCode != HttpStatusCode.OK) throw new LogUnavailableException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > limit) throw new LogUnavailableException($"{url}: {response.Content.Headers.ContentLength} bytes, more than the {limit} allowed");
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await ReadBoundedAsync(body, limit, url, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new LogUnavailableException($"{url}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LogUnavailableException($"{url}: no complete response within {_timeout.TotalSeconds:0.#} s", e);
        }
        catch (IOException e)
        {
            throw new LogUnavailableException($"{url}: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, Uri url, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit + 1, 64 << 10)];
        using var ms = new MemoryStream();
        int n;
        while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > limit) throw new LogUnavailableException($"{url}: more than the {limit} bytes allowed");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _http.Dispose();
}
