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
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, tracer.TotalSteps);
        var all = new List<IReadOnlyList<TrainingOperator>>();
        var checkpoint = tracer.Initial();
        for (long s = 0; s < steps; s++)
        {
            var step = s;
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

    /// <summary>The claim this trace supports.</summary>
    public TrainingClaim Claim(byte[] configDigest) => new(configDigest, Steps.Count, RunRoot);
}
