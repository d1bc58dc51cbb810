using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>A float value of the source model as represented in the quantized model.</summary>
/// <param name="Name">Name of the integer value in the quantized graph.</param>
/// <param name="Params">Scale and zero point (real ≈ (q − zp) · scale).</param>
/// <param name="Type">INT8 for activations; INT16 for QSoftmax outputs (which only Dequantize may consume).</param>
internal sealed record QuantizedValue(string Name, ActivationQuantization Params, TensorDataType Type = TensorDataType.Int8);
