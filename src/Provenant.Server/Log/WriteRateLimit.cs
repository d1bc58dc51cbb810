using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Provenant.Server.Log;

/// <summary>
/// Rate limiting of writes with ASP.NET Core's RateLimiter: a token bucket per client address for every POST except
/// <c>/api/v1/verify</c> (which reads only); reads are not limited. Rejections are 429 with <c>Retry-After: 1</c>.
/// </summary>
public static class WriteRateLimit
{
    /// <summary>Sets the global limiter on <paramref name="options"/>; <paramref name="perSecond"/> 0 disables it.</summary>
    public static void Configure(RateLimiterOptions options, int perSecond)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (ctx, _) =>
        {
            ctx.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            return ValueTask.CompletedTask;
        };
        if (perSecond <= 0) return;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
        {
            if (!HttpMethods.IsPost(ctx.Request.Method) || ctx.Request.Path.StartsWithSegments("/api/v1/verify", StringComparison.Ordinal))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }
            var client = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond * 2,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = perSecond * 2,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        });
    }

    /// <summary>The Retry-After value sent with 429 answers (seconds).</summary>
    public const string RetryAfterSeconds = "1";
}
