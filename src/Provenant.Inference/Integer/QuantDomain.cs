namespace Provenant.Inference.Integer;

/// <summary>
/// The <c>ai.provenant.quant</c> operator set (version 1) of quantized models: names of its operators and
/// the default-domain data-movement operators a quantized model may also use. Semantics:
/// docs/quantization.md.
/// </summary>
public static class QuantDomain
{
    /// <summary>The operator set domain.</summary>
    public const string Name = "ai.provenant.quant";

    /// <summary>The operator set version this code implements.</summary>
    public const int Version = 1;

    /// <summary>float32 → int8 at an input boundary.</summary>
    public const string Quantize = "Quantize";

    /// <summary>int8/int16/int32 → float32 at an output boundary.</summary>
    public const string Dequantize = "Dequantize";

    /// <summary>int8 × int8 → int32 matrix product plus int32 bias.</summary>
    public const string QGemm = "QGemm";

    /// <summary>int8 × int8 → int32 convolution plus int32 bias.</summary>
    public const string QConv = "QConv";

    /// <summary>int32 → int8/int16 by fixed-point multiplier and rounding right shift.</summary>
    public const string Requantize = "Requantize";

    /// <summary>int8 + int8 → int8 with rescaling.</summary>
    public const string QAdd = "QAdd";

    /// <summary>int8 max pooling.</summary>
    public const string QMaxPool = "QMaxPool";

    /// <summary>int8 average pooling with round-half-away-from-zero division.</summary>
    public const string QAveragePool = "QAveragePool";

    /// <summary>int8 average over all spatial positions.</summary>
    public const string QGlobalAveragePool = "QGlobalAveragePool";

    /// <summary>int8 → int8/int16 by a 256-entry table.</summary>
    public const string QLookup = "QLookup";

    /// <summary>int8 logits → int16 probabilities (exp table, exact integer normalisation).</summary>
    public const string QSoftmax = "QSoftmax";

    /// <summary>int8 rows → int32 G·⌊(n·x − Σx)·2^k / ⌊√(2^m·(n·Σc² + E))⌋⌋ + B (exact integer layer normalisation).</summary>
    public const string QLayerNorm = "QLayerNorm";

    /// <summary>int8 activation × int8 activation → int32 matrix product (attention).</summary>
    public const string QMatMul = "QMatMul";

    /// <summary>Rows of a constant int8 table selected by integer indices (embedding lookup).</summary>
    public const string QGather = "QGather";

    /// <summary>Default-domain operators a quantized model may use on integer tensors (pure data movement).</summary>
    public static IReadOnlySet<string> DataMovement { get; } = new HashSet<string>(StringComparer.Ordinal) { "Reshape", "Flatten", "Identity", "Split", "Transpose" };
}
