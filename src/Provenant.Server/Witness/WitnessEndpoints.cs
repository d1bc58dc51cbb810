using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Provenant.Ledger.Witness;

namespace Provenant.Server.Witness;

/// <summary>
/// HTTP routes of a c2sp.org/tlog-witness witness, relative to the submission/monitoring prefix:
/// <c>POST /add-checkpoint</c> and <c>GET /&lt;lowercase hex SHA-256 of origin&gt;/checkpoint</c> ("Monitor Retrieval Mechanism").
/// </summary>
public static class WitnessEndpoints
{
    /// <summary>
    /// Maps the witness routes. <c>add-checkpoint</c> answers the statuses of <see cref="CosigningWitness.AddCheckpoint"/>
    /// (200, 400, 403, 404, 409 with <c>text/x.tlog.size</c>, 422), plus 413 for a body over
    /// <see cref="AddCheckpointRequest.MaxBodySize"/> bytes; other methods get 405.
    /// </summary>
    /// <param name="endpoints">The application or a route group (the prefix).</param>
    /// <param name="witness">The witness logic.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapWitness(this IEndpointRouteBuilder endpoints, CosigningWitness witness)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(witness);
        endpoints.MapPost("/add-checkpoint", (HttpContext context) => AddCheckpointAsync(context, witness));
        endpoints.MapGet("/{originHash}/checkpoint", (HttpContext context, string originHash) => LatestCheckpointAsync(context, witness, originHash));
        return endpoints;
    }

    private static async Task AddCheckpointAsync(HttpContext context, CosigningWitness witness)
    {
        const int max = AddCheckpointRequest.MaxBodySize;
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false }) limit.MaxRequestBodySize = max;
        var body = await ReadBoundedAsync(context.Request, max, context.RequestAborted);
        var result = body is null
            ? AddCheckpointResult.Error(StatusCodes.Status413PayloadTooLarge, $"request body over {max} bytes")
            : witness.AddCheckpoint(body);
        await WriteAsync(context.Response, result.Status, result.ContentType, result.Body, context.RequestAborted);
    }

    private static Task LatestCheckpointAsync(HttpContext context, CosigningWitness witness, string originHash)
    {
        var note = originHash.Length == 64 && originHash.All(char.IsAsciiHexDigitLower) ? witness.LatestCheckpoint(originHash) : null;
        return note is null
            ? WriteAsync(context.Response, StatusCodes.Status404NotFound, AddCheckpointResult.CosignatureContentType, "no cosigned checkpoint for that origin hash\n", context.RequestAborted)
            : WriteAsync(context.Response, StatusCodes.Status200OK, AddCheckpointResult.CosignatureContentType, note, context.RequestAborted);
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max) return null;
        var buffer = new byte[Math.Min(max + 1, (int?)request.ContentLength + 1 ?? 4096)];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > max) return null;
                    Array.Resize(ref buffer, Math.Min(max + 1, buffer.Length * 2));
                }
                var n = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (n == 0) break;
                filled += n;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return filled > max ? null : buffer[..filled];
    }

    private static async Task WriteAsync(HttpResponse response, int status, string contentType, string body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), cancellationToken);
    }
}
