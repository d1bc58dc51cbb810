namespace Provenant.Core.Errors;

/// <summary>
/// Well-formed input that uses something Provenant does not implement (an ONNX operator or opset
/// version, a data type such as FLOAT8 or INT4, external tensor data…). Distinct from
/// <see cref="ProvenantFormatException"/> (the input is corrupt) so callers and conformance reports can
/// tell "we refuse this" from "this is broken". Exit code <see cref="ExitCodes.InputError"/>.
/// </summary>
public sealed class UnsupportedFeatureException : ProvenantException
{
    /// <summary>Creates the exception; <paramref name="message"/> names the feature and where it was used.</summary>
    public UnsupportedFeatureException(string message, Exception? inner = null)
        : base(message, ExitCodes.InputError, inner)
    {
    }
}
