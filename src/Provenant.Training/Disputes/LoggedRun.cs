using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Formats.Datasets;
using Provenant.Training.Audit;
using Provenant.Training.Data;
using Provenant.Training.Log;

namespace Provenant.Training.Disputes;

/// <summary>
/// A training run as a dispute party or referee opens it from a training log (docs/disputes.md §Training claims): the
/// log, and a <see cref="StepTracer"/> for the run it commits to (the configuration the log holds, with the seed its
/// genesis commitment derives, over the committed dataset's training records).
/// </summary>
public sealed class LoggedRun
{
    private LoggedRun(TrainingLog log, StepTracer tracer)
    {
        Log = log;
        Tracer = tracer;
    }

    /// <summary>The log.</summary>
    public TrainingLog Log { get; }

    /// <summary>Replays the run the log commits to.</summary>
    public StepTracer Tracer { get; }

    /// <summary>
    /// Reads the log in <paramref name="directory"/> and builds the tracer of its run: the dataset commitment must be
    /// the one the genesis record names (records root and count), the genesis commitment must equal
    /// H(dataset root ‖ config digest ‖ nonce), the configuration file must have the logged digest, and the data on disk
    /// must be the committed data (<see cref="CommittedData"/>).
    /// </summary>
    /// <param name="directory">The log directory (<c>provenant train --log</c>).</param>
    /// <param name="dataset">The dataset commitment the run was trained on.</param>
    /// <param name="dataPath">Where the committed data lies (default: the commitment's source path).</param>
    /// <exception cref="ProvenantFormatException">The log or configuration is malformed.</exception>
    /// <exception cref="ProvenantException">The log does not belong to this dataset, its commitment does not recompute, or the data differ from the commitment (exit code 1).</exception>
    public static LoggedRun Open(string directory, DatasetCommitment dataset, string? dataPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(dataset);
        var log = TrainingLog.Read(directory);
        var g = log.Genesis;
        if (!g.DatasetRoot.AsSpan().SequenceEqual(dataset.RecordsRoot) || g.DatasetRecordCount != dataset.RecordCount)
        {
            throw new ProvenantException($"{directory}: the log's dataset root {Hex.Encode(g.DatasetRoot)} ({g.DatasetRecordCount} records) is not the dataset commitment's {dataset.RecordsRootHex} ({dataset.RecordCount} records)", ExitCodes.VerificationFailed);
        }
        if (!TrainingCommitment.Compute(g.DatasetRoot, g.ConfigDigest, g.Nonce).AsSpan().SequenceEqual(g.Commitment))
        {
            throw new ProvenantException($"{directory}: genesis.commitment {g.CommitmentHex} is not H(dataset root ‖ config digest ‖ nonce)", ExitCodes.VerificationFailed);
        }
        var config = log.LoadConfig();
        var data = CommittedData.Load(dataset, dataPath);
        var train = TrainingData.FromTrainSource(config, data.TrainSource(config.Dataset.TrainLimit));
        return new LoggedRun(log, new StepTracer(config, train));
    }

    /// <summary>The operator trace of the first <paramref name="steps"/> steps this log implies (<see cref="TrainingTrace.FromLog"/>).</summary>
    public TrainingTrace Trace(long steps) => TrainingTrace.FromLog(Tracer, Log, steps);
}
