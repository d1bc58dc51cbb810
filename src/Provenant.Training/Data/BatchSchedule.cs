using Provenant.Training.Random;

namespace Provenant.Training.Data;

/// <summary>
/// Which records each step trains on. Epoch e visits the training records in the order of a Fisher–Yates
/// shuffle (from stream (<c>shuffle</c>, e) of the seed) of the ascending record list; step s is batch
/// s mod S of epoch ⌊s / S⌋, with S = ⌈records / batch size⌉ steps per epoch, the last batch of an epoch
/// holding the remainder. A pure function of (seed, records, batch size, step): any step can be recomputed
/// without the ones before it.
/// </summary>
public sealed class BatchSchedule
{
    private readonly int[] _records;
    private readonly ulong _seed;
    private int _epoch = -1;
    private int[] _order = [];
    private int _previousEpoch = -1; // the order before the last shuffle, kept: an audit goes back and forth between epochs
    private int[] _previousOrder = [];

    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentException">No records, or a batch size or epoch count below 1.</exception>
    public BatchSchedule(IReadOnlyList<int> records, int batchSize, int epochs, ulong seed)
    {
        if (records.Count == 0 || batchSize < 1 || epochs < 1)
        {
            throw new ArgumentException("a schedule needs records, a batch size ≥ 1 and epochs ≥ 1");
        }
        _records = [.. records];
        _seed = seed;
        BatchSize = batchSize;
        Epochs = epochs;
        StepsPerEpoch = (_records.Length + batchSize - 1) / batchSize;
        TotalSteps = (long)StepsPerEpoch * epochs;
    }

    /// <summary>Largest batch.</summary>
    public int BatchSize { get; }

    /// <summary>Passes over the records.</summary>
    public int Epochs { get; }

    /// <summary>Steps per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Steps of the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>The epoch step <paramref name="step"/> belongs to.</summary>
    public int EpochOf(long step) => (int)(step / StepsPerEpoch);

    /// <summary>The record indices of step <paramref name="step"/>, in batch order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is outside 0 … <see cref="TotalSteps"/>−1.</exception>
    public int[] Batch(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, TotalSteps);
        var epoch = EpochOf(step);
        if (epoch != _epoch)
        {
            var kept = epoch == _previousEpoch;
            (_previousEpoch, _previousOrder, _epoch, _order) = (_epoch, _order, epoch, _previousOrder);
            if (!kept)
            {
                if (_order.Length != _records.Length) _order = new int[_records.Length];
                _records.CopyTo(_order, 0);
                SeedDerivation.Stream(_seed, "shuffle", epoch).Shuffle(_order.AsSpan());
            }
        }
        var start = (int)(step % StepsPerEpoch) * BatchSize;
        return _order[start..Math.Min(start + BatchSize, _order.Length)];
    }
}
