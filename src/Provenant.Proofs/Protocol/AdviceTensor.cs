using Provenant.Proofs.Layers;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// An auxiliary tensor the prover commits to before any challenge is drawn (lookup inputs and outputs, multiplicities):
/// its name (never a circuit tensor's name) and layout. Its values come from the witness.
/// </summary>
/// <param name="Name">Unique name, e.g. <c>h1/lookup-x</c>.</param>
/// <param name="Layout">Its per-axis padded layout.</param>
internal sealed record AdviceTensor(string Name, TensorLayout Layout);
