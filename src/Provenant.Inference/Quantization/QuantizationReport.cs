namespace Provenant.Inference.Quantization;

/// <summary>
/// Float vs quantized model on a labelled dataset: top-1 accuracy of each against the labels (argmax of
/// the first output over its last axis; the first maximal index wins), top-1 agreement between the two,
/// and the largest absolute difference between float outputs and dequantized integer outputs.
/// </summary>
/// <param name="Samples">Samples evaluated.</param>
/// <param name="FloatCorrect">Samples the float model classifies as labelled.</param>
/// <param name="QuantizedCorrect">Samples the quantized model classifies as labelled.</param>
/// <param name="Agreements">Samples where both models pick the same class.</param>
/// <param name="MaxAbsError">max |float output − dequantized output| over all output elements.</param>
public sealed record QuantizationReport(int Samples, int FloatCorrect, int QuantizedCorrect, int Agreements, double MaxAbsError)
{
    /// <summary>FloatCorrect / Samples.</summary>
    public double FloatAccuracy => Samples == 0 ? 0 : (double)FloatCorrect / Samples;

    /// <summary>QuantizedCorrect / Samples.</summary>
    public double QuantizedAccuracy => Samples == 0 ? 0 : (double)QuantizedCorrect / Samples;

    /// <summary>Agreements / Samples.</summary>
    public double Agreement => Samples == 0 ? 0 : (double)Agreements / Samples;
}
