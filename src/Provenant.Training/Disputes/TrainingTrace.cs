using Provenant.Core.Merkle;
using Provenant.Training.Checkpoints;

namespace Provenant.Training.Disputes;

/// <summary>
/// A party's record of a training run for disputes: every step's operators (with their outputs) and the step and run
/// roots. Memory grows with steps × (activations + 4 × parameters): meant for the runs a dispute re-plays, a window
/// of steps between two logged checkpoints.
/// </summary>
public sealed class TrainingTrace
{
    private TrainingTrace(IReadOnlyList<IReadOnlyList<TrainingOperator>> steps)
    {
        Steps = steps;
        StepRoots = steps.Select(ops => Rfc9162.RootFromLeafHashes(ops.Select(o => o.LeafHash).ToArray())).ToArray();
        StepLeaves = StepRoots.Select((r, s) => TrainingOperator.StepLeafHash(s, r)).ToArray();
        RunRoot = Rfc9162.RootFromLeafHashes(StepLeaves);
        OperatorLeaves = steps.Select(ops => (IReadOnlyList<byte[]>)ops.Select(o => o.LeafHash).ToArray()).ToArray();
    }

    /// <summary>Runs <paramref name="steps"/> steps from the initial checkpoint, optionally with a fault (tests: a cheating trainer).</summary>
    /// <param name="tracer">The run's tracer.</param>
    /// <param name="steps">Steps to run (at most the run's total).</param>
    /// <param name="fault">Changes the main output of operator (step, op) in place before it is used.</param>
    public static TrainingTrace Record(StepTracer tracer, long steps, Action<long, int, float[]>? fault = null)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        return Run(tracer, steps, s => s == 0 ? tracer.Initial() : null, fault);
    }

    /// <summary>
    /// The operator trace a training log implies (docs/disputes.md §Training claims): step s starts from the log's
    /// checkpoint file where the log has one before step s (step 0, and after every K-th step; each file must hash to
    /// the logged state hash), and otherwise from the checkpoint the previous step's optimizer operator produced. So
    /// the trace of an honest log is the run itself, and a log with a forged checkpoint gives a trace whose step
    /// starts disagree with the previous step's end exactly where the forgery sits.
    /// </summary>
    /// <param name="tracer">The tracer of the run the log commits to (its configuration with the log's seed).</param>
    /// <param name="log">The log.</param>
    /// <param name="steps">Steps to trace, 1 to the log's step count. Memory grows with steps × (two checkpoints + activations).</param>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">A checkpoint file is missing, malformed or differs from the log.</exception>
    public static TrainingTrace FromLog(StepTracer tracer, Log.TrainingLog log, long steps)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, log.Steps.Count);
        var logged = log.Checkpoints.ToDictionary(c => c.Step);
        return Run(tracer, steps, s => logged.TryGetValue(s, out var entry) ? log.LoadCheckpoint(entry) : null, null);
    }

    private static TrainingTrace Run(StepTracer tracer, long steps, Func<long, Checkpoint?> start, Action<long, int, float[]>? fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, tracer.TotalSteps);
        var all = new List<IReadOnlyList<TrainingOperator>>();
        Checkpoint? checkpoint = null;
        for (long s = 0; s < steps; s++)
        {
            var step = s;
            checkpoint = start(s) ?? checkpoint!;
            var ops = tracer.Run(checkpoint, fault is null ? null : (op, v) => fault(step, op, v));
            all.Add(ops);
            checkpoint = Checkpoint.Parse(ops[^1].Outputs[0], $"step {s} output");
        }
        return new TrainingTrace(all);
    }

    /// <summary>Per step, its operators.</summary>
    public IReadOnlyList<IReadOnlyList<TrainingOperator>> Steps { get; }

    /// <summary>Per step, its operators' leaf hashes.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>> OperatorLeaves { get; }

    /// <summary>Per step, the root over its operator leaves.</summary>
    public IReadOnlyList<byte[]> StepRoots { get; }

    /// <summary>Per step, its run-level leaf.</summary>
    public IReadOnlyList<byte[]> StepLeaves { get; }

    /// <summary>The run root.</summary>
    public byte[] RunRoot { get; }

    /// <summary>The claim this trace supports about the run a log with root <paramref name="logRoot"/> and genesis commitment <paramref name="commitment"/> records.</summary>
    /// <param name="logRoot">The training log's root (32 bytes).</param>
    /// <param name="commitment">The log's genesis commitment (32 bytes).</param>
    /// <param name="configDigest">The configuration's digest (32 bytes).</param>
    public TrainingClaim Claim(byte[] logRoot, byte[] commitment, byte[] configDigest) => new(logRoot, commitment, configDigest, Steps.Count, RunRoot);

    /// <summary>The claim this trace supports about the run <paramref name="log"/> records (its root, commitment and configuration digest).</summary>
    public TrainingClaim Claim(Log.TrainingLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Claim(log.Root, log.Genesis.Commitment, log.Genesis.ConfigDigest);
    }
}
