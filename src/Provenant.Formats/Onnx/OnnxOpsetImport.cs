namespace Provenant.Formats.Onnx;

/// <summary>An operator set the model uses (<c>OperatorSetIdProto</c>); <see cref="Domain"/> empty for <c>ai.onnx</c>.</summary>
/// <param name="Domain">Operator set domain (normalised: <c>ai.onnx</c> is the empty string).</param>
/// <param name="Version">Operator set version, ≥ 1.</param>
public sealed record OnnxOpsetImport(string Domain, long Version);
