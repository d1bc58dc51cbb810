using Provenant.Inference.Graph;
using Provenant.Inference.Integer;

namespace Provenant.Inference.Engine;

/// <summary>Chooses the engine by model kind: a model importing <see cref="QuantDomain.Name"/> is quantized and runs on the integer engine, any other on the float reference engine.</summary>
public static class InferenceEngines
{
    /// <summary>Whether <paramref name="graph"/> is a quantized model (imports the <c>ai.provenant.quant</c> operator set; docs/quantization.md).</summary>
    public static bool IsQuantized(ModelGraph graph) => graph.Opsets.ContainsKey(QuantDomain.Name);

    /// <summary>Compiles <paramref name="graph"/> on the engine for its kind.</summary>
    /// <exception cref="Provenant.Core.Errors.UnsupportedFeatureException">A node is not supported by that engine (the message names it).</exception>
    /// <exception cref="Provenant.Core.Errors.ProvenantFormatException">A quantized model's parameters are invalid (shift out of range, wrong table length, mismatched zero points, possible accumulator overflow).</exception>
    public static IInferenceEngine Create(ModelGraph graph, EngineOptions? options = null) =>
        IsQuantized(graph) ? new IntegerEngine(graph, options) : new FloatEngine(graph, options);
}
