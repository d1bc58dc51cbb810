using Provenant.Core.Hashing;

namespace Provenant.Signing.Oms;

/// <summary>
/// The parameters that determine an OMS manifest (the <c>predicate.serialization</c> object of
/// OMS v1.0): method, hash, shard size, symlink policy and ignored paths.
/// </summary>
public sealed record SerializationOptions
{
    /// <summary>OMS default shard size: 10^9 bytes.</summary>
    public const long DefaultShardSize = 1_000_000_000;

    /// <summary>Paths OMS ignores by default (relative to the model root).</summary>
    public static readonly IReadOnlyList<string> DefaultIgnoredPaths = [".git", ".gitattributes", ".github", ".gitignore"];

    /// <summary>files or shards.</summary>
    public SerializationMethod Method { get; init; } = SerializationMethod.Files;

    /// <summary>The content hash.</summary>
    public DigestAlgorithm HashType { get; init; } = DigestAlgorithm.Sha256;

    /// <summary>Shard size in bytes (shards mode only), 1 … 2^40.</summary>
    public long ShardSize { get; init; } = DefaultShardSize;

    /// <summary>Symlink handling; anything but <see cref="SymlinkPolicy.Reject"/> records <c>allow_symlinks: true</c>.</summary>
    public SymlinkPolicy Symlinks { get; init; } = SymlinkPolicy.Reject;

    /// <summary>Ignored paths, POSIX, relative to the model root; a directory ignores everything below it.
    /// Recorded in the statement as <c>ignore_paths</c> (omitted when empty).</summary>
    public IReadOnlyList<string> IgnorePaths { get; init; } = [];

    /// <summary>Bytes per read: 1 MiB, as OMS.</summary>
    public int ReadChunkSize { get; init; } = 1 << 20;

    /// <summary>Maximum files or shards hashed in parallel (default: processor count).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether <c>allow_symlinks</c> is true in the manifest.</summary>
    public bool AllowSymlinks => Symlinks != SymlinkPolicy.Reject;

    /// <summary>The OMS name of <see cref="HashType"/>.</summary>
    public string HashTypeName => HashNames.ToOms(HashType);

    /// <summary>The per-resource algorithm name: <c>sha256</c>, or <c>sha256-sharded-1000000000</c> for shards.</summary>
    public string ResourceAlgorithm => Method == SerializationMethod.Shards ? $"{HashTypeName}-sharded-{ShardSize}" : HashTypeName;

    /// <summary>Throws <see cref="ArgumentException"/> for values outside the documented ranges.</summary>
    public void Validate()
    {
        if (ShardSize < 1 || ShardSize > (1L << 40)) throw new ArgumentException($"shard size {ShardSize} out of range 1 … 2^40");
        if (ReadChunkSize < 4096 || ReadChunkSize > (64 << 20)) throw new ArgumentException($"read chunk size {ReadChunkSize} out of range");
        if (MaxParallelism < 1) throw new ArgumentException("parallelism must be at least 1");
    }
}
