using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Ledger.Entries;
using Provenant.Signing.Sigstore;

namespace Provenant.Server.Client;

/// <summary>Submits a Sigstore bundle to a Provenant log (<c>POST /api/v1/log/entries</c>) and returns its tlog entry.</summary>
public static class LogSubmitter
{
    /// <summary>Largest response accepted.</summary>
    public const int MaxResponseBytes = 1 << 20;

    /// <summary>Posts <paramref name="bundle"/> (with <paramref name="publicKeyPem"/> for key-mode bundles) and parses the response's <c>tlogEntry</c>.</summary>
    /// <exception cref="ProvenantException">Transport failure, or the log refused the submission (message carries its status and reason).</exception>
    public static async Task<BundleTlogEntry> SubmitAsync(Uri logUrl, string token, SigstoreBundle bundle, string? publicKeyPem, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["bundle"] = JsonNode.Parse(bundle.ToJsonBytes()) };
        if (publicKeyPem is not null && bundle.Material.Kind == VerificationMaterialKind.PublicKey) body["publicKey"] = publicKeyPem;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxResponseBytes };
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(logUrl, "api/v1/log/entries"))
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        HttpResponseMessage resp;
        try { resp = await http.SendAsync(req, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { throw new ProvenantException($"log {logUrl}: {e.Message}", ExitCodes.OutputError, e); }
        using (resp)
        {
            var text = await resp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (resp.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                throw new ProvenantException($"log {logUrl} refused the signature ({(int)resp.StatusCode}): {text.Trim()}", resp.StatusCode == HttpStatusCode.UnprocessableEntity ? ExitCodes.VerificationFailed : ExitCodes.OutputError);
            }
            var entry = JsonNode.Parse(text)?["tlogEntry"] ?? throw new ProvenantFormatException(logUrl.ToString(), "response.tlogEntry", "a tlog entry object");
            return BundleTlogEntry.Parse(entry.ToJsonString(), logUrl + " response");
        }
    }
}
