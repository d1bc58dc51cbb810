using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Core.Merkle;
using Provenant.Training.Checkpoints;
using Provenant.Training.Config;

namespace Provenant.Training.Log;

/// <summary>
/// A proof-of-learning log directory, read and structurally checked (layout version 1, docs/training.md):
/// <code>
/// DIR/training.log                 TrainingLogFile: genesis leaf + one leaf per step
/// DIR/config.json                  the configuration file as trained (its canonical-JSON SHA-256 is genesis.configDigest)
/// DIR/checkpoints/NNNNNNNNNN.ckpt  Checkpoint after NNNNNNNNNN steps (ten decimal digits): 0, every K-th step, the last
/// DIR/provenance.json              in-toto Statement with the SLSA Provenance v1 predicate (not read here)
/// </code>
/// The log root is the RFC 9162 root over the leaves; segment j runs from checkpoint j to checkpoint j + 1. This
/// type checks only what the files say about themselves (encoding, step numbering); whether the run is genuine is
/// the audit's job (<c>Audit.TrainingAuditor</c>).
/// </summary>
public sealed class TrainingLog
{
    /// <summary>The log file's name inside the directory.</summary>
    public const string LogFileName = "training.log";

    /// <summary>The configuration copy's name inside the directory.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The provenance statement's name inside the directory.</summary>
    public const string ProvenanceFileName = "provenance.json";

    /// <summary>The checkpoint folder's name inside the directory.</summary>
    public const string CheckpointFolder = "checkpoints";

    private readonly List<CheckpointEntry> _checkpoints;
    private readonly List<byte[]> _leafHashes;

    private TrainingLog(string directory, LogGenesis genesis, IReadOnlyList<LogStep> steps, List<byte[]> leafHashes)
    {
        Directory = directory;
        Genesis = genesis;
        Steps = steps;
        _leafHashes = leafHashes;
        Root = Rfc9162.RootFromLeafHashes(leafHashes);
        _checkpoints = [genesis.Initial, .. steps.Where(s => s.Checkpoint is not null).Select(s => s.Checkpoint!)];
    }

    /// <summary>The log directory.</summary>
    public string Directory { get; }

    /// <summary>Leaf 0: commitment, seed, interval, initial checkpoint.</summary>
    public LogGenesis Genesis { get; }

    /// <summary>The step records, step s at index s.</summary>
    public IReadOnlyList<LogStep> Steps { get; }

    /// <summary>RFC 9162 root over the leaves (32 bytes).</summary>
    public byte[] Root { get; }

    /// <summary>The root as lower-case hex.</summary>
    public string RootHex => Hex.Encode(Root);

    /// <summary>Leaves in the tree (steps + 1).</summary>
    public long LeafCount => _leafHashes.Count;

    /// <summary>Every checkpoint the log names, by ascending step: the initial one, then those recorded with steps.</summary>
    public IReadOnlyList<CheckpointEntry> Checkpoints => _checkpoints;

    /// <summary>Number of segments (checkpoints − 1).</summary>
    public int SegmentCount => _checkpoints.Count - 1;

    /// <summary>The sum of the steps' logged FLOPs (saturating at <see cref="long.MaxValue"/>).</summary>
    public long LoggedFlops => Steps.Aggregate(0L, (a, s) => a > long.MaxValue - s.Flops ? long.MaxValue : a + s.Flops);

    /// <summary>The path of the checkpoint file after <paramref name="step"/> steps.</summary>
    public string CheckpointPath(long step) => Path.Combine(Directory, CheckpointFolder, CheckpointFileName(step));

    /// <summary>
    /// The paths of the checkpoint files the log names that are not regular files (missing, or a directory), in step
    /// order. One listing of the checkpoint folder instead of a <see cref="File.Exists"/> per checkpoint, with the same
    /// answer: a listed file counts, a folder does not, and a symbolic link is passed to <see cref="File.Exists"/>.
    /// </summary>
    public IReadOnlyList<string> MissingCheckpointFiles()
    {
        var folder = Path.Combine(Directory, CheckpointFolder);
        var files = new HashSet<string>(StringComparer.Ordinal);
        if (System.IO.Directory.Exists(folder))
        {
            // Regular files by name, without pattern matching; a symbolic link counts when File.Exists follows it to a file.
            var entries = new System.IO.Enumeration.FileSystemEnumerable<(string Name, bool Link)>(folder,
                (ref System.IO.Enumeration.FileSystemEntry e) => (e.FileName.ToString(), e.Attributes.HasFlag(FileAttributes.ReparsePoint)),
                new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false })
            {
                ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry e) => !e.IsDirectory,
            };
            foreach (var (name, link) in entries)
            {
                if (!link || File.Exists(Path.Combine(folder, name))) files.Add(name);
            }
        }
        return _checkpoints.Where(c => !files.Contains(CheckpointFileName(c.Step))).Select(c => CheckpointPath(c.Step)).ToList();
    }

    /// <summary>File name of the checkpoint after <paramref name="step"/> steps (ten digits, <c>.ckpt</c>).</summary>
    public static string CheckpointFileName(long step) => step.ToString("D10", CultureInfo.InvariantCulture) + ".ckpt";

    /// <summary>Reads <c>DIR/training.log</c>.</summary>
    /// <exception cref="ProvenantFormatException">A malformed file, a leaf of the wrong kind, or steps not numbered 0, 1, 2… (names the file, field and offset).</exception>
    /// <exception cref="ProvenantException">The log file is missing or unreadable.</exception>
    public static TrainingLog Read(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory, LogFileName);
        var leaves = TrainingLogFile.Read(path);
        var genesis = LogGenesis.Parse(leaves[0].Leaf, path, leaves[0].Offset);
        var steps = new List<LogStep>(leaves.Count - 1);
        for (var i = 1; i < leaves.Count; i++)
        {
            var s = LogStep.Parse(leaves[i].Leaf, path, leaves[i].Offset);
            if (s.Step != i - 1)
            {
                throw new ProvenantFormatException(path, $"leaf[{i}].step", $"step {i - 1}", s.Step.ToString(CultureInfo.InvariantCulture), leaves[i].Offset + 1);
            }
            steps.Add(s);
        }
        return new TrainingLog(directory, genesis, steps, leaves.Select(l => Rfc9162.HashLeaf(l.Leaf)).ToList());
    }

    /// <summary>Writes a log directory's <c>training.log</c> atomically and returns the log.</summary>
    /// <exception cref="ProvenantException">The file cannot be written.</exception>
    public static TrainingLog Write(string directory, LogGenesis genesis, IReadOnlyList<LogStep> steps)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(steps);
        var leaves = new List<byte[]>(steps.Count + 1) { genesis.ToBytes() };
        leaves.AddRange(steps.Select(s => s.ToBytes()));
        AtomicFile.Write(Path.Combine(directory, LogFileName), TrainingLogFile.Format(leaves));
        return new TrainingLog(directory, genesis, steps, leaves.Select(l => Rfc9162.HashLeaf(l)).ToList());
    }

    /// <summary>RFC 9162 inclusion proof of the record of step <paramref name="step"/> (leaf step + 1) under <see cref="Root"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such step.</exception>
    public byte[][] ProveStep(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, Steps.Count);
        return InclusionProof.Generate(_leafHashes, (ulong)step + 1);
    }

    /// <summary>Reads the checkpoint file of <paramref name="entry"/> and checks it against the log.</summary>
    /// <exception cref="ProvenantFormatException">The file is missing, truncated or malformed (names the file and field).</exception>
    /// <exception cref="ProvenantException">Its SHA-256 or step differs from the log (exit code 1).</exception>
    public Checkpoint LoadCheckpoint(CheckpointEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = CheckpointPath(entry.Step);
        if (!File.Exists(path))
        {
            throw new ProvenantFormatException(path, "checkpoint file", $"the checkpoint after step {entry.Step} named by {LogFileName}", "no such file");
        }
        var checkpoint = Checkpoint.Read(path, out var hash); // the file's own bytes: no re-encoding
        if (!hash.AsSpan().SequenceEqual(entry.StateHash))
        {
            throw new ProvenantException($"{path}: sha256 {Hex.Encode(hash)} differs from the log's stateHash {entry.StateHashHex} for step {entry.Step}", ExitCodes.VerificationFailed);
        }
        if (checkpoint.Step != entry.Step)
        {
            throw new ProvenantException($"{path}: holds step {checkpoint.Step}, the log names it as step {entry.Step}", ExitCodes.VerificationFailed);
        }
        return checkpoint;
    }

    /// <summary>The configuration as trained (<c>DIR/config.json</c>), with the seed the genesis record derived from the commitment.</summary>
    /// <exception cref="ProvenantFormatException">The file is invalid.</exception>
    /// <exception cref="ProvenantException">The file is missing, or its digest differs from <c>genesis.configDigest</c> (exit code 1).</exception>
    public TrainingConfig LoadConfig()
    {
        var path = Path.Combine(Directory, ConfigFileName);
        var config = TrainingConfigParser.Load(path);
        if (!config.Digest.AsSpan().SequenceEqual(Genesis.ConfigDigest))
        {
            throw new ProvenantException($"{path}: its digest {Hex.Encode(config.Digest)} differs from the log's genesis.configDigest {Hex.Encode(Genesis.ConfigDigest)}", ExitCodes.VerificationFailed);
        }
        return config with { Seed = Genesis.Seed };
    }
}
