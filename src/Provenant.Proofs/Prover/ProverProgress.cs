namespace Provenant.Proofs.Prover;

/// <summary>Progress of <c>InferenceProver.Prove</c>: one report per layer proven (from the output back) and per opening.</summary>
/// <param name="Done">Steps finished.</param>
/// <param name="Total">Steps in all (layers + the weight opening).</param>
/// <param name="Step">What was just finished, e.g. <c>Gemm (h3)</c>.</param>
/// <param name="Elapsed">Time since proving started.</param>
public readonly record struct ProverProgress(int Done, int Total, string Step, TimeSpan Elapsed);
