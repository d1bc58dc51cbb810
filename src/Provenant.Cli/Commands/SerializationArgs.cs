using System.CommandLine;
using Provenant.Signing.Oms;

namespace Provenant.Cli.Commands;

/// <summary>The options that determine an OMS manifest, shared by <c>sign</c> and <c>digest</c>.</summary>
internal sealed class SerializationArgs
{
    private readonly Option<string> _hashType = new("--hash-type") { Description = "Content hash: sha256 (default), blake2b or blake3", DefaultValueFactory = _ => "sha256" };
    private readonly Option<bool> _shards = new("--shards") { Description = "Hash files in shards (resources named path:start:end)" };
    private readonly Option<long?> _shardSize = new("--shard-size") { Description = "Shard size in bytes (default 1000000000; implies --shards)" };
    private readonly Option<string[]> _ignore = new("--ignore-paths") { Description = "Paths (relative to the model, or absolute inside it) to leave out", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _noGitIgnores = new("--no-default-ignores") { Description = "Do not ignore .git, .gitattributes, .github, .gitignore" };
    private readonly Option<bool> _allowSymlinks = new("--allow-symlinks") { Description = "Follow symlinks to files inside the model (rejected by default)" };
    private readonly Option<bool> _outsideRoot = new("--allow-symlinks-outside-root") { Description = "Like --allow-symlinks, also following links that leave the model root (model_signing's behaviour)" };

    public void AddTo(Command c)
    {
        c.Add(_hashType);
        c.Add(_shards);
        c.Add(_shardSize);
        c.Add(_ignore);
        c.Add(_noGitIgnores);
        c.Add(_allowSymlinks);
        c.Add(_outsideRoot);
    }

    /// <summary>Builds options; <paramref name="alsoIgnore"/> (e.g. the signature file) is added to the ignores when inside the model.</summary>
    public SerializationOptions Read(ParseResult r, string modelPath, string? alsoIgnore = null)
    {
        var hashName = r.GetValue(_hashType) ?? "sha256";
        if (!HashNames.TryParse(hashName, out var hash)) throw new UsageException($"--hash-type: unsupported hash type '{hashName}': expected sha256, blake2b or blake3");
        var shardSize = r.GetValue(_shardSize);
        if (shardSize is < 1 or > (1L << 40)) throw new UsageException($"--shard-size: {shardSize} is out of range 1 … 2^40");
        var shards = r.GetValue(_shards) || shardSize is not null;
        var ignores = new List<string>();
        if (!r.GetValue(_noGitIgnores)) ignores.AddRange(SerializationOptions.DefaultIgnoredPaths);
        foreach (var p in r.GetValue(_ignore) ?? [])
        {
            ignores.Add(ToModelRelative(modelPath, p));
        }
        if (alsoIgnore is not null && ModelVerifier.RelativeInside(modelPath, alsoIgnore) is { } rel) ignores.Add(rel);
        return new SerializationOptions
        {
            Method = shards ? SerializationMethod.Shards : SerializationMethod.Files,
            HashType = hash,
            ShardSize = shardSize ?? SerializationOptions.DefaultShardSize,
            Symlinks = r.GetValue(_outsideRoot) ? SymlinkPolicy.FollowAnywhere : r.GetValue(_allowSymlinks) ? SymlinkPolicy.FollowWithinRoot : SymlinkPolicy.Reject,
            IgnorePaths = ignores.Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Extra ignore paths given on the command line (for verify), relative to the model.</summary>
    public static List<string> Relative(string modelPath, IEnumerable<string> paths) => paths.Select(p => ToModelRelative(modelPath, p)).ToList();

    private static string ToModelRelative(string modelPath, string p)
    {
        if (!Path.IsPathRooted(p)) return p.Replace('\\', '/');
        return ModelVerifier.RelativeInside(modelPath, p) ?? throw new UsageException($"--ignore-paths: '{p}' is not inside the model '{modelPath}'");
    }
}
