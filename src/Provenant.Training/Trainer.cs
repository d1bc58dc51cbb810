using Provenant.Core.Errors;
using Provenant.Formats.Datasets;
using Provenant.Formats.Onnx;
using Provenant.Training.Checkpoints;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Model;
using Provenant.Training.Numerics;
using Provenant.Training.Optimizers;

namespace Provenant.Training;

/// <summary>
/// Deterministic mini-batch training of a configured network (docs/training.md). For a given configuration,
/// data and seed every step's batch, loss and resulting parameters are bit-identical for any thread count,
/// with or without hardware intrinsics: each output and gradient element is one fixed-order float32 chain
/// computed by one thread (see <c>Compute</c> and the layers), the loss uses basic double operations only,
/// and the optimisers update element-wise. State after any step can be saved as a <see cref="Checkpoint"/>
/// and a run resumed from it reproduces the remaining steps exactly.
/// </summary>
public sealed class Trainer
{
    private readonly Network _network;
    private readonly Optimizer _optimizer;
    private readonly Compute _compute;
    private readonly BatchSchedule _schedule;
    private float[] _parameters;
    private readonly float[] _gradients;
    private float[] _input = [];
    private float[] _logitGradient = [];

    /// <summary>Builds the network and sets the initial parameters from the configuration's seed.</summary>
    /// <exception cref="ProvenantFormatException">The layers do not fit the input shape or classes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Threads below 1.</exception>
    public Trainer(TrainingConfig config, TrainingData data, TrainingOptions? options = null)
    {
        Config = config;
        Data = data;
        _network = Network.Create(config);
        _compute = new Compute((options ?? new TrainingOptions()).Threads);
        _optimizer = Optimizer.Create(config.Optimizer, _network.ParameterCount);
        _schedule = new BatchSchedule(data.TrainRecords, config.BatchSize, config.Epochs, config.Seed);
        _parameters = _network.Initialize(config.Seed);
        _gradients = new float[_network.ParameterCount];
    }

    /// <summary>The configuration.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The records trained and tested on.</summary>
    public TrainingData Data { get; }

    /// <summary>Which records each step uses.</summary>
    public BatchSchedule Schedule => _schedule;

    /// <summary>Steps completed.</summary>
    public long Step { get; private set; }

    /// <summary>Trainable parameters.</summary>
    public int ParameterCount => _network.ParameterCount;

    /// <summary>The current parameters (flat, layer by layer, weights then bias).</summary>
    public ReadOnlySpan<float> Parameters => _parameters;

    /// <summary>Canonical text of the architecture (bound into checkpoints by its SHA-256).</summary>
    public string Architecture => _network.Description;

    /// <summary>SHA-256 of <see cref="Architecture"/> (32 bytes; a copy).</summary>
    public byte[] ArchitectureDigest => (byte[])_network.Digest.Clone();

    /// <summary>
    /// Floating-point operations of one step on <paramref name="batch"/> samples: normalisation, layer forward
    /// passes, loss, layer backward passes (weight, bias and — except for the first layer — input gradients) and
    /// the optimiser update. A multiply-add counts 2; exp, log and √ count 1.
    /// </summary>
    public long StepFlops(int batch) =>
        _network.PassFlops(batch) + SoftmaxCrossEntropy.Flops(batch, Config.Classes) + (long)_optimizer.FlopsPerParameter * ParameterCount;

    /// <summary>Floating-point operations of the whole run (sum of <see cref="StepFlops"/> over every step).</summary>
    public long TotalFlops()
    {
        var n = Data.TrainRecords.Count;
        var full = n / Config.BatchSize;
        var rest = n % Config.BatchSize;
        var perEpoch = full * StepFlops(Config.BatchSize) + (rest > 0 ? StepFlops(rest) : 0);
        return perEpoch * Config.Epochs;
    }

    /// <summary>Runs one step (the next in the schedule) and returns its record.</summary>
    /// <exception cref="InvalidOperationException">The run is complete.</exception>
    public StepRecord RunStep()
    {
        if (Step >= _schedule.TotalSteps)
        {
            throw new InvalidOperationException($"all {_schedule.TotalSteps} steps have run");
        }
        var records = _schedule.Batch(Step);
        var batch = records.Length;
        var classes = Config.Classes;
        var logits = Forward(Data.TrainSource, records);
        var labels = records.Select(Data.TrainSource.Label).ToArray();
        _logitGradient = Layers.Buffers.AtLeast(_logitGradient, batch * classes);
        var loss = SoftmaxCrossEntropy.Compute(logits, labels, classes, _logitGradient);
        _network.Backward(_compute, _parameters, _logitGradient, _gradients, batch);
        _optimizer.Step(_compute, _parameters, _gradients);
        var record = new StepRecord(Step, _schedule.EpochOf(Step), records, loss, StepFlops(batch));
        Step++;
        return record;
    }

    /// <summary>Runs steps until <paramref name="endStep"/> steps are complete, reporting each to <paramref name="onStep"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="endStep"/> is before the current step or after the last.</exception>
    public void RunUntil(long endStep, Action<StepRecord>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(endStep, Step);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endStep, _schedule.TotalSteps);
        while (Step < endStep)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var r = RunStep();
            onStep?.Invoke(r);
        }
    }

    /// <summary>The current state (copies of parameters and optimiser state).</summary>
    public Checkpoint Checkpoint() =>
        new(Step, _network.Digest, Config.Digest, (float[])_parameters.Clone(), _optimizer.Kind, _optimizer.Scalars,
            _optimizer.State.Select(v => (float[])v.Clone()).ToArray());

    /// <summary>Continues from <paramref name="checkpoint"/>: parameters, optimiser state and step are replaced.</summary>
    /// <exception cref="ProvenantException">The checkpoint belongs to another architecture, configuration or optimiser, or lies beyond the last step.</exception>
    public void Restore(Checkpoint checkpoint)
    {
        if (!checkpoint.ArchitectureDigest.AsSpan().SequenceEqual(_network.Digest))
        {
            throw new ProvenantException("checkpoint: its architecture digest differs from this configuration's network");
        }
        if (!checkpoint.ConfigDigest.AsSpan().SequenceEqual(Config.Digest))
        {
            throw new ProvenantException("checkpoint: it was written for another training configuration (config digest differs)");
        }
        if (checkpoint.OptimizerKind != _optimizer.Kind || checkpoint.State.Length != _optimizer.State.Length || checkpoint.Parameters.Length != ParameterCount)
        {
            throw new ProvenantException("checkpoint: its optimizer state does not match the configured optimizer");
        }
        if (checkpoint.Step > _schedule.TotalSteps)
        {
            throw new ProvenantException($"checkpoint: step {checkpoint.Step} is beyond the run's {_schedule.TotalSteps} steps");
        }
        _parameters = (float[])checkpoint.Parameters.Clone();
        for (var i = 0; i < checkpoint.State.Length; i++)
        {
            checkpoint.State[i].CopyTo(_optimizer.State[i], 0);
        }
        _optimizer.Scalars = [.. checkpoint.Scalars];
        Step = checkpoint.Step;
    }

    /// <summary>Logits <c>[records × classes]</c> of the current model for <paramref name="records"/> of <paramref name="source"/>, in batches of 256.</summary>
    public float[] Logits(LabelledDataset source, IReadOnlyList<int> records)
    {
        const int chunk = 256;
        var classes = Config.Classes;
        var result = new float[records.Count * classes];
        for (var start = 0; start < records.Count; start += chunk)
        {
            var part = records.Skip(start).Take(chunk).ToArray();
            var logits = Forward(source, part);
            Array.Copy(logits, 0, result, start * classes, part.Length * classes);
        }
        return result;
    }

    /// <summary>Fraction of the test records whose largest logit (first on ties) is their label.</summary>
    public double TestAccuracy() => Accuracy.Of(Logits(Data.TestSource, Data.TestRecords), Data.TestRecords.Select(Data.TestSource.Label).ToArray(), Config.Classes);

    /// <summary>The current model as ONNX (opset 13; input <c>input</c> float <c>[N, input shape…]</c> of raw values; output <c>logits</c> <c>[N, classes]</c>).</summary>
    public OnnxModel ExportOnnx(string name) => _network.Export(_parameters, name);

    private float[] Forward(LabelledDataset source, int[] records)
    {
        var size = source.FeatureCount;
        _input = Layers.Buffers.AtLeast(_input, records.Length * size);
        for (var i = 0; i < records.Length; i++)
        {
            source.CopyRow(records[i], _input.AsSpan(i * size, size));
        }
        return _network.Forward(_compute, _parameters, _input, records.Length);
    }
}
