namespace Provenant.Proofs.Circuit;

/// <summary>
/// A float/integer boundary of the circuit: the model's FLOAT input quantized by <c>Quantize</c>, or its integer
/// output dequantized by <c>Dequantize</c> (docs/quantization.md). Both are public, deterministic single-rounding
/// float32 operations the verifier repeats itself.
/// </summary>
/// <param name="Name">The graph input or output name.</param>
/// <param name="Scale">The float32 scale.</param>
/// <param name="ZeroPoint">The zero point.</param>
public sealed record CircuitBoundary(string Name, float Scale, long ZeroPoint);
