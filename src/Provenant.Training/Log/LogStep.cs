using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Training.Checkpoints;

namespace Provenant.Training.Log;

/// <summary>
/// Leaf s + 1 of the training log: what step s did. Canonical encoding (little-endian):
/// <code>
/// kind            u8 = 1
/// step            u64
/// epoch           u32
/// batch size B    u32 (1 … 65536), then B × u32 record indices (positions in the committed dataset)
/// loss            f64 (bit pattern as computed)
/// flops           u64
/// checkpoint      u8 0 (none) or 1, then 32 state hash ‖ 32 weights root of the state after this step
///                 ‖ f64 update norm since the previous checkpoint
/// </code>
/// </summary>
/// <param name="Step">Step index, from 0.</param>
/// <param name="Epoch">Epoch of the step.</param>
/// <param name="Records">The batch's record indices in batch order.</param>
/// <param name="Loss">Mean batch loss before the update.</param>
/// <param name="Flops">FLOPs of the step (<see cref="Trainer.StepFlops"/>).</param>
/// <param name="Checkpoint">The checkpoint taken after the step (state at step <paramref name="Step"/> + 1), or null.</param>
public sealed record LogStep(long Step, int Epoch, int[] Records, double Loss, long Flops, CheckpointEntry? Checkpoint)
{
    /// <summary>Leaf kind byte of a step record.</summary>
    public const byte Kind = 1;

    /// <summary>Largest batch accepted when parsing (the configuration's limit).</summary>
    public const int MaxBatch = 65_536;

    /// <summary>The log record of a trainer's step report.</summary>
    public static LogStep From(StepRecord record, CheckpointEntry? checkpoint) =>
        new(record.Step, record.Epoch, record.Records, record.Loss, record.Flops, checkpoint);

    /// <summary>The canonical encoding (the leaf input).</summary>
    public byte[] ToBytes()
    {
        var b = new byte[1 + 8 + 4 + 4 + 4 * Records.Length + 8 + 8 + 1 + (Checkpoint is null ? 0 : 72)];
        var w = b.AsSpan();
        w[0] = Kind;
        BinaryPrimitives.WriteInt64LittleEndian(w[1..], Step);
        BinaryPrimitives.WriteInt32LittleEndian(w[9..], Epoch);
        BinaryPrimitives.WriteInt32LittleEndian(w[13..], Records.Length);
        var o = 17;
        foreach (var r in Records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(w[o..], r);
            o += 4;
        }
        BinaryPrimitives.WriteDoubleLittleEndian(w[o..], Loss);
        BinaryPrimitives.WriteInt64LittleEndian(w[(o + 8)..], Flops);
        o += 16;
        if (Checkpoint is { } c)
        {
            w[o++] = 1;
            o = LogGenesis.Put(w, o, c.StateHash);
            o = LogGenesis.Put(w, o, c.WeightsRoot);
            BinaryPrimitives.WriteDoubleLittleEndian(w[o..], c.UpdateNorm);
        }
        return b;
    }

    /// <summary>Decodes a step record; <paramref name="baseOffset"/> is its offset in <paramref name="source"/> (for messages).</summary>
    /// <exception cref="ProvenantFormatException">Wrong kind, out-of-range values, truncation or trailing bytes.</exception>
    public static LogStep Parse(ReadOnlySpan<byte> data, string source, int baseOffset = 0)
    {
        var r = new CheckpointReader(data, source, "step record", baseOffset);
        var kind = r.Byte("step.kind");
        if (kind != Kind) throw r.Fail("step.kind", $"{Kind}", 0, $"{kind}");
        var step = r.Int64("step.step");
        var at = r.Offset;
        var epoch = r.UInt32("step.epoch");
        if (epoch > int.MaxValue) throw r.Fail("step.epoch", "at most 2^31−1", at, $"{epoch}");
        at = r.Offset;
        var batch = r.Count("step.batch size", 4, MaxBatch);
        if (batch == 0) throw r.Fail("step.batch size", "at least 1", at, "0");
        var records = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            at = r.Offset;
            var v = r.UInt32("step.records");
            records[i] = v <= int.MaxValue ? (int)v : throw r.Fail($"step.records[{i}]", "a record index below 2^31", at, $"{v}");
        }
        var loss = r.Double("step.loss");
        var flops = r.Int64("step.flops");
        at = r.Offset;
        var flag = r.Byte("step.checkpoint flag");
        CheckpointEntry? checkpoint = flag switch
        {
            0 => null,
            1 => new CheckpointEntry(step + 1, r.Bytes(32, "step.checkpoint.stateHash").ToArray(), r.Bytes(32, "step.checkpoint.weightsRoot").ToArray(),
                r.Double("step.checkpoint.updateNorm")),
            _ => throw r.Fail("step.checkpoint flag", "0 or 1", at, $"{flag}"),
        };
        r.End();
        return new LogStep(step, (int)epoch, records, loss, flops, checkpoint);
    }
}
