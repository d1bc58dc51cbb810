namespace Provenant.Inference.Tests.Conformance;

/// <summary>Outcome of one ONNX backend node test folder.</summary>
public enum ConformanceStatus
{
    /// <summary>Every test_data_set matched within tolerance.</summary>
    Passed,
    /// <summary>A mismatch or an unexpected error.</summary>
    Failed,
    /// <summary>Rejected with <c>UnsupportedFeatureException</c> for a data type or value kind the engines do not implement.</summary>
    Unsupported,
    /// <summary>The graph uses an operator outside the engine's operator list (not run).</summary>
    OutOfScope,
}
