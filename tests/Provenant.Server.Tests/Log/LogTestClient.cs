using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Server.Tests.Log;

/// <summary>Signs small in-toto statements and posts them to a log over real HTTP.</summary>
internal sealed class LogTestClient(string baseUrl, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
    private readonly ECDsa _key = EcKeys.Generate(EcCurve.P256);

    public HttpClient Http => _http;

    public string PublicKeyPem => PublicKeyPem_(_key);

    private static string PublicKeyPem_(ECDsa k) => Signing.Keys.PublicKeyPem.Encode(k);

    public SigstoreBundle Sign(int n)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(n.ToString())));
        var statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"model-" + n + "\",\"digest\":{\"sha256\":\"" + digest + "\"}}],\"predicateType\":\"https://model_signing/signature/v1.0\",\"predicate\":{}}";
        return new BundleSigner(_key).Sign(Encoding.UTF8.GetBytes(statement));
    }

    public string Body(SigstoreBundle bundle, string? pem = null) =>
        new JsonObject { ["bundle"] = JsonNode.Parse(bundle.ToJsonBytes()), ["publicKey"] = pem ?? PublicKeyPem }.ToJsonString();

    /// <param name="expectContinue">Send <c>Expect: 100-continue</c>, so a server that refuses on Content-Length
    /// (413) answers before the body is sent instead of closing while the client is still writing it.</param>
    public async Task<HttpResponseMessage> PostAsync(string body, string? bearer = null, CancellationToken ct = default, string path = "api/v1/log/entries", bool expectContinue = false)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer ?? token);
        if (expectContinue) req.Headers.ExpectContinue = true;
        return await _http.SendAsync(req, ct);
    }

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }
}
