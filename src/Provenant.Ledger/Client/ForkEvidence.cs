namespace Provenant.Ledger.Client;

/// <summary>
/// Proof that a log forked: two checkpoints with valid signatures from the same key and the same origin, where the
/// later tree's first <see cref="Earlier"/>.TreeSize leaves do not hash to the earlier root.
/// </summary>
/// <param name="Earlier">The checkpoint seen first (smaller or equal tree size).</param>
/// <param name="Later">The checkpoint that contradicts it.</param>
/// <param name="PrefixRoot">The root of the later tree's first <c>Earlier.TreeSize</c> leaves, as its tiles show and
/// a consistency proof against <c>Later</c>'s root confirms; null when both sizes are equal.</param>
public sealed record ForkEvidence(VerifiedCheckpoint Earlier, VerifiedCheckpoint Later, byte[]? PrefixRoot)
{
    /// <summary>Both signed notes, one after the other, with a header line each (for reports and files).</summary>
    public string Format() =>
        $"checkpoint A (size {Earlier.Checkpoint.TreeSize}):\n{Earlier.Note}\ncheckpoint B (size {Later.Checkpoint.TreeSize}):\n{Later.Note}" +
        (PrefixRoot is null ? "" : $"\nroot of B's first {Earlier.Checkpoint.TreeSize} leaves: {Convert.ToBase64String(PrefixRoot)} (A says {Convert.ToBase64String(Earlier.Checkpoint.RootHash)})\n");
}
