using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Provenant.Core.Errors;

namespace Provenant.Signing.Oms;

/// <summary>
/// Serializes a model into an <see cref="OmsManifest"/>: enumerates files (<see cref="ModelFileWalker"/>),
/// splits them into shards in shards mode, and hashes every item streaming in
/// <see cref="SerializationOptions.ReadChunkSize"/> reads (1 MiB), in parallel across files and shards.
/// Memory is bounded by parallelism × chunk size whatever the model size. A file whose size or
/// modification time changes while it is hashed is an error, never a wrong digest.
/// </summary>
public static class ModelHasher
{
    /// <summary>The work of hashing a model: total bytes and item count, known before hashing starts.</summary>
    /// <param name="Files">Files to hash.</param>
    /// <param name="TotalBytes">Sum of file sizes.</param>
    public sealed record Plan(IReadOnlyList<ModelFile> Files, long TotalBytes);

    /// <summary>Enumerates the model and returns what will be hashed.</summary>
    public static Plan PlanFor(string modelPath, SerializationOptions options)
    {
        var files = ModelFileWalker.Enumerate(modelPath, options);
        return new Plan(files, files.Sum(f => f.Length));
    }

    /// <summary>Hashes the model at <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">Model directory or file.</param>
    /// <param name="options">Serialization parameters.</param>
    /// <param name="progress">Receives the running total of bytes hashed (thread-safe calls, monotonic).</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="ProvenantException">Bad model path, disallowed symlink, unreadable or changing file.</exception>
    public static OmsManifest Serialize(string modelPath, SerializationOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var plan = PlanFor(modelPath, options);
        return Serialize(modelPath, plan, options, progress, cancellationToken);
    }

    /// <summary>Hashes an already planned model (see <see cref="PlanFor"/>).</summary>
    public static OmsManifest Serialize(string modelPath, Plan plan, SerializationOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var items = new List<(ModelFile File, long Start, long End)>();
        foreach (var f in plan.Files)
        {
            if (options.Method == SerializationMethod.Files || f.Length == 0)
            {
                items.Add((f, 0, f.Length));
            }
            else
            {
                for (long s = 0; s < f.Length; s += options.ShardSize) items.Add((f, s, Math.Min(f.Length, s + options.ShardSize)));
            }
        }
        var results = new ManifestResource[items.Count];
        var order = Enumerable.Range(0, items.Count).OrderByDescending(i => items[i].End - items[i].Start).ToArray();
        long done = 0;
        var algorithm = options.ResourceAlgorithm;
        var po = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(order, loadBalance: true), po, () => ArrayPool<byte>.Shared.Rent(options.ReadChunkSize), (idx, _, buffer) =>
            {
                var (file, start, end) = items[idx];
                var digest = HashRange(file, start, end, options, buffer, n =>
                {
                    var total = Interlocked.Add(ref done, n);
                    progress?.Report(total);
                }, cancellationToken);
                var name = options.Method == SerializationMethod.Shards ? $"{file.RelativePath}:{start}:{end}" : file.RelativePath;
                results[idx] = new ManifestResource(name, algorithm, digest);
                return buffer;
            }, buffer => ArrayPool<byte>.Shared.Return(buffer));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ProvenantException) is ProvenantException pe)
        {
            throw pe;
        }
        return new OmsManifest(ModelName(modelPath), options, results);
    }

    /// <summary>The OMS model name: final component of the (absolute) model path.</summary>
    public static string ModelName(string modelPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelPath));
        var name = Path.GetFileName(full);
        return string.IsNullOrEmpty(name) ? full : name;
    }

    private static byte[] HashRange(ModelFile file, long start, long end, SerializationOptions options, byte[] buffer, Action<long> advanced, CancellationToken ct)
    {
        using var hasher = HashNames.Create(options.HashType);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{file.FullPath}: cannot read model file: {e.Message}");
        }
        using (handle)
        {
            var chunk = options.ReadChunkSize;
            var offset = start;
            // Files mode reads to EOF so that growth is noticed; shards read exactly [start, end).
            var readToEof = options.Method == SerializationMethod.Files;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var want = readToEof ? chunk : (int)Math.Min(chunk, end - offset);
                if (want <= 0) break;
                int n;
                try
                {
                    n = RandomAccess.Read(handle, buffer.AsSpan(0, want), offset);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ProvenantException($"{file.FullPath}: read error at offset {offset}: {e.Message}");
                }
                if (n == 0) break;
                hasher.Append(buffer.AsSpan(0, n));
                offset += n;
                advanced(n);
                if (readToEof && offset > end) break;
            }
            if (offset != end)
            {
                throw new ProvenantException($"{file.FullPath}: file changed while being hashed (expected {end - start} bytes from offset {start}, read {offset - start})");
            }
        }
        var after = new FileInfo(file.FullPath);
        if (!after.Exists || after.Length != file.Length || after.LastWriteTimeUtc != file.LastWriteUtc)
        {
            throw new ProvenantException($"{file.FullPath}: file changed while being hashed (size or modification time differs from when the model was listed)");
        }
        var digest = new byte[hasher.DigestSize];
        hasher.FinishAndReset(digest);
        return digest;
    }
}
