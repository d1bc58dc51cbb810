using System.Runtime.InteropServices;
using Provenant.Training.Checkpoints;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Layers;
using Provenant.Training.Model;
using Provenant.Training.Numerics;
using Provenant.Training.Optimizers;

namespace Provenant.Training.Disputes;

/// <summary>
/// Runs training steps operator by operator, exactly as <see cref="Trainer.RunStep"/> does (one engine thread; the
/// trainer's results do not depend on the thread count), and records each operator's outputs; and re-executes any
/// single operator from its opened inputs (the referee's work). For a network of L layers (layer 0 is the input
/// normalisation) a step has 2L + 2 operators:
/// <code>
/// 0            checkpoint          [checkpoint before the step (Checkpoint.ToBytes)]
/// 1 + i        forward:i:TYPE      [y_i]                        for i = 0 … L−1
/// L + 1        loss                [loss (float64), ∂L/∂logits]
/// 2L + 1 − i   backward:i:TYPE     [∂L/∂θ_i, ∂L/∂x_i (empty for i = 1)]   for i = L−1 … 1
/// 2L + 1       optimizer           [checkpoint after the step]
/// </code>
/// </summary>
public sealed class StepTracer
{
    private readonly TrainingConfig _config;
    private readonly TrainingData _data;
    private readonly Network _network;
    private readonly Compute _compute = new(1);
    private readonly BatchSchedule _schedule;

    /// <summary>A tracer for the run <paramref name="config"/> over <paramref name="data"/>.</summary>
    public StepTracer(TrainingConfig config, TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        _config = config;
        _data = data;
        _network = Network.Create(config);
        _schedule = new BatchSchedule(data.TrainRecords, config.BatchSize, config.Epochs, config.Seed);
    }

    /// <summary>Operators per step (2L + 2).</summary>
    public int OperatorCount => 2 * _network.Layers.Length + 2;

    /// <summary>Steps in the run.</summary>
    public long TotalSteps => _schedule.TotalSteps;

    /// <summary>The checkpoint before step 0: initial parameters from the seed, fresh optimizer state.</summary>
    public Checkpoint Initial()
    {
        var p = _network.Initialize(_config.Seed);
        var o = Optimizer.Create(_config.Optimizer, p.Length);
        return new Checkpoint(0, _network.Digest, _config.Digest, p, o.Kind, o.Scalars, o.State);
    }

    /// <summary>Runs step <paramref name="before"/>.Step and returns its operators (the last one's output is the next checkpoint).</summary>
    /// <param name="before">The checkpoint the step starts from.</param>
    /// <param name="fault">Tests: changes an operator's main float output in place before anything uses it (op index, values);
    /// for operator 0, the parameters the step starts from.</param>
    public IReadOnlyList<TrainingOperator> Run(Checkpoint before, Action<int, float[]>? fault = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (fault is not null)
        {
            // A fault at operator 0 starts the step from other parameters than the checkpoint it was given.
            var start = (float[])before.Parameters.Clone();
            fault(0, start);
            before = new Checkpoint(before.Step, before.ArchitectureDigest, before.ConfigDigest, start, before.OptimizerKind, before.Scalars, before.State);
        }
        var s = before.Step;
        var layers = _network.Layers;
        var L = layers.Length;
        var ops = new TrainingOperator[OperatorCount];
        ops[0] = new TrainingOperator(s, 0, "checkpoint", [before.ToBytes()]);
        var parameters = (float[])before.Parameters.Clone();
        var records = _schedule.Batch(s);
        var batch = records.Length;
        var acts = new float[L + 1][];
        acts[0] = BatchInput(records);
        for (var i = 0; i < L; i++)
        {
            acts[i + 1] = new float[batch * layers[i].OutputSize];
            layers[i].Forward(_compute, parameters, acts[i], acts[i + 1], batch);
            fault?.Invoke(1 + i, acts[i + 1]);
            ops[1 + i] = new TrainingOperator(s, 1 + i, ForwardKind(i), [Bytes(acts[i + 1])]);
        }
        var dy = new float[batch * _config.Classes];
        var loss = SoftmaxCrossEntropy.Compute(acts[L], Labels(records), _config.Classes, dy);
        fault?.Invoke(L + 1, dy);
        ops[L + 1] = new TrainingOperator(s, L + 1, "loss", [BitConverter.GetBytes(loss), Bytes(dy)]);
        var gradients = new float[_network.ParameterCount];
        for (var i = L - 1; i >= 1; i--)
        {
            var dx = i > 1 ? new float[batch * layers[i].InputSize] : null;
            layers[i].Backward(_compute, parameters, acts[i], acts[i + 1], dy, dx, gradients, batch);
            var index = BackwardIndex(i);
            var slice = gradients.AsSpan(layers[i].ParameterOffset, layers[i].ParameterCount).ToArray();
            fault?.Invoke(index, slice);
            slice.CopyTo(gradients.AsSpan(layers[i].ParameterOffset));
            ops[index] = new TrainingOperator(s, index, BackwardKind(i), [Bytes(slice), dx is null ? [] : Bytes(dx)]);
            dy = dx ?? dy;
        }
        ops[^1] = new TrainingOperator(s, OperatorCount - 1, "optimizer", [Optimize(before, parameters, gradients, fault)]);
        return ops;
    }

    /// <summary>Which earlier operator outputs operator <paramref name="index"/> reads, in order: (operator, output).</summary>
    public IReadOnlyList<(int Op, int Output)> InputsOf(int index)
    {
        var L = _network.Layers.Length;
        if (index <= 0 || index >= OperatorCount) return [];
        if (index <= L) return index == 1 ? [(0, 0)] : [(0, 0), (index - 1, 0)];
        if (index == L + 1) return [(L, 0)];
        if (index == OperatorCount - 1) return [(0, 0), .. Enumerable.Range(1, L - 1).Select(i => (BackwardIndex(i), 0))];
        var layer = 2 * L + 1 - index;
        var dy = layer == L - 1 ? (L + 1, 1) : (BackwardIndex(layer + 1), 1);
        return [(0, 0), (layer, 0), dy];
    }

    /// <summary>
    /// Re-executes operator <paramref name="index"/> of step <paramref name="step"/> (not the checkpoint operator) on
    /// the opened values of <see cref="InputsOf"/>, in that order, and returns its leaf hash.
    /// </summary>
    /// <exception cref="Core.Errors.ProvenantException">An opened checkpoint is malformed or belongs to another run, or a value has the wrong length.</exception>
    public byte[] Reexecute(long step, int index, IReadOnlyList<byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var layers = _network.Layers;
        var L = layers.Length;
        var records = _schedule.Batch(step);
        var batch = records.Length;
        TrainingOperator op;
        if (index <= L)
        {
            var i = index - 1;
            var p = OpenCheckpoint(values[0], step).Parameters;
            var x = i == 0 ? BatchInput(records) : Floats(values[1], batch * layers[i].InputSize);
            var y = new float[batch * layers[i].OutputSize];
            layers[i].Forward(_compute, p, x, y, batch);
            op = new TrainingOperator(step, index, ForwardKind(i), [Bytes(y)]);
        }
        else if (index == L + 1)
        {
            var dy = new float[batch * _config.Classes];
            var loss = SoftmaxCrossEntropy.Compute(Floats(values[0], batch * _config.Classes), Labels(records), _config.Classes, dy);
            op = new TrainingOperator(step, index, "loss", [BitConverter.GetBytes(loss), Bytes(dy)]);
        }
        else if (index == OperatorCount - 1)
        {
            var before = OpenCheckpoint(values[0], step);
            var gradients = new float[_network.ParameterCount];
            for (var i = 1; i < L; i++)
            {
                Floats(values[i], layers[i].ParameterCount).CopyTo(gradients, layers[i].ParameterOffset);
            }
            op = new TrainingOperator(step, index, "optimizer", [Optimize(before, (float[])before.Parameters.Clone(), gradients, null)]);
        }
        else
        {
            var i = 2 * L + 1 - index;
            var p = OpenCheckpoint(values[0], step).Parameters;
            var x = Floats(values[1], batch * layers[i].InputSize);
            var y = new float[batch * layers[i].OutputSize];
            layers[i].Forward(_compute, p, x, y, batch); // restores what the layer keeps for its backward pass
            var dy = Floats(values[2], batch * layers[i].OutputSize);
            var dx = i > 1 ? new float[batch * layers[i].InputSize] : null;
            var gradients = new float[_network.ParameterCount];
            layers[i].Backward(_compute, p, x, y, dy, dx, gradients, batch);
            op = new TrainingOperator(step, index, BackwardKind(i),
                [Bytes(gradients.AsSpan(layers[i].ParameterOffset, layers[i].ParameterCount).ToArray()), dx is null ? [] : Bytes(dx)]);
        }
        return op.LeafHash;
    }

    private byte[] Optimize(Checkpoint before, float[] parameters, float[] gradients, Action<int, float[]>? fault)
    {
        var optimizer = Optimizer.Create(_config.Optimizer, parameters.Length);
        for (var v = 0; v < optimizer.State.Length; v++) before.State[v].CopyTo(optimizer.State[v], 0);
        optimizer.Scalars = [.. before.Scalars];
        optimizer.Step(_compute, parameters, gradients);
        fault?.Invoke(OperatorCount - 1, parameters);
        return new Checkpoint(before.Step + 1, _network.Digest, _config.Digest, parameters, optimizer.Kind, optimizer.Scalars,
            optimizer.State.Select(a => (float[])a.Clone()).ToArray()).ToBytes();
    }

    private Checkpoint OpenCheckpoint(byte[] bytes, long step)
    {
        var c = Checkpoint.Parse(bytes, $"opened checkpoint of step {step}");
        if (c.Step != step || !c.ArchitectureDigest.AsSpan().SequenceEqual(_network.Digest) || !c.ConfigDigest.AsSpan().SequenceEqual(_config.Digest)
            || c.Parameters.Length != _network.ParameterCount)
        {
            throw new Core.Errors.ProvenantException($"the opened checkpoint is not of step {step} of this run");
        }
        return c;
    }

    private int BackwardIndex(int layer) => 2 * _network.Layers.Length + 1 - layer;

    private string ForwardKind(int i) => $"forward:{i}:{_network.Layers[i].Kind}";

    private string BackwardKind(int i) => $"backward:{i}:{_network.Layers[i].Kind}";

    private float[] BatchInput(int[] records)
    {
        var size = _data.TrainSource.FeatureCount;
        var x = new float[records.Length * size];
        for (var i = 0; i < records.Length; i++) _data.TrainSource.CopyRow(records[i], x.AsSpan(i * size, size));
        return x;
    }

    private int[] Labels(int[] records) => records.Select(_data.TrainSource.Label).ToArray();

    private static byte[] Bytes(float[] v) => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    private static float[] Floats(byte[] b, int count)
    {
        if (b.Length != 4 * count) throw new Core.Errors.ProvenantException($"an opened value has {b.Length} bytes, expected {4 * count}");
        return MemoryMarshal.Cast<byte, float>(b).ToArray();
    }
}
