using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Provenant.Server.Log;

/// <summary>
/// A request body read into an array rented from <see cref="ArrayPool{T}.Shared"/> (when its declared Content-Length is
/// at most <see cref="MaxPooledBytes"/>), returned to the pool on <see cref="Dispose"/>; so the log's write path does not
/// allocate, and for batches put on the large-object heap, one array per request. Larger or chunked bodies are read
/// with <see cref="LogEndpoints.ReadBodyAsync"/> into an array of their own.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    /// <summary>Largest declared body read into a pooled array (the log's batch limit is larger; few batches are).</summary>
    public const int MaxPooledBytes = 1 << 20;

    private byte[]? _rented;

    private PooledBody(byte[] array, int length, bool rented)
    {
        _rented = rented ? array : null;
        Memory = array.AsMemory(0, length);
    }

    /// <summary>The body's bytes; not to be used after <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        if (request.ContentLength is not long declared || declared > MaxPooledBytes)
        {
            var whole = await LogEndpoints.ReadBodyAsync(request, limit, ct);
            return whole is null ? null : new PooledBody(whole, whole.Length, rented: false);
        }
        var array = ArrayPool<byte>.Shared.Rent((int)declared);
        try
        {
            var read = 0;
            int n;
            while (read < declared && (n = await request.Body.ReadAsync(array.AsMemory(read, (int)declared - read), ct)) > 0) read += n;
            return new PooledBody(array, read, rented: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    /// <summary>Returns the array to the pool (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } a) ArrayPool<byte>.Shared.Return(a);
    }
}
