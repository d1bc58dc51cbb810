namespace Provenant.Proofs.Circuit;

/// <summary>Where a circuit tensor's values come from, which decides how a claim on it is discharged.</summary>
public enum CircuitTensorRole
{
    /// <summary>The quantized public input (int8): claims on it are checked by the verifier directly.</summary>
    Input,

    /// <summary>An intermediate or output value computed by a layer: claims on it are passed to that layer.</summary>
    Activation,

    /// <summary>A model parameter (weights, biases, constant operands): claims on it are opened against the weight commitment.</summary>
    Weight,
}
