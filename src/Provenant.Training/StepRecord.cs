namespace Provenant.Training;

/// <summary>
/// What one training step did — the unit the proof-of-learning log records.
/// </summary>
/// <param name="Step">Step index, from 0.</param>
/// <param name="Epoch">Epoch the step belongs to, from 0.</param>
/// <param name="Records">Training record indices of the batch, in batch order (indices into the training source).</param>
/// <param name="Loss">Mean softmax cross-entropy of the batch before the update (nats).</param>
/// <param name="Flops">Floating-point operations of the step (forward, loss, backward, optimiser; see <see cref="Trainer.StepFlops"/>).</param>
public sealed record StepRecord(long Step, int Epoch, int[] Records, double Loss, long Flops);
