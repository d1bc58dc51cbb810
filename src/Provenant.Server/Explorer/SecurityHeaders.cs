using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Provenant.Server.Provenance;

namespace Provenant.Server.Explorer;

/// <summary>
/// Headers on every response, and a last-resort error handler: a strict Content-Security-Policy (only this origin's
/// own scripts, styles and fetches; no inline script, no frames, no plugins), <c>nosniff</c>, no referrer, and a JSON
/// 500 without a stack trace for unexpected exceptions (a request body over Kestrel's limit answers 413).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The Content-Security-Policy sent with every response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Adds the middleware.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        Set(ctx.Response.Headers);
        try
        {
            await next(ctx);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            Set(ctx.Response.Headers);
            await ApiResults.Error(e.StatusCode, e.StatusCode == 413 ? "request body too large" : "bad request").ExecuteAsync(ctx);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            ctx.Response.Clear();
            Set(ctx.Response.Headers);
            await ApiResults.Error(500, "internal error (" + e.GetType().Name + ")").ExecuteAsync(ctx);
        }
    });

    private static void Set(IHeaderDictionary h)
    {
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Cross-Origin-Resource-Policy"] = "same-origin";
    }
}
