using Provenant.Proofs.Field;

namespace Provenant.Proofs.Layers;

/// <summary>
/// The public description of an elementwise affine map Z = Σ_i c_i·X_i + c (c added on real elements only) over tensors of
/// one layout: addition (c = (1, 1)), subtraction (1, −1), scaling by a constant (c_0), adding a constant.
/// </summary>
/// <param name="Inputs">Names of X_0 … X_{m−1}.</param>
/// <param name="Coefficients">c_0 … c_{m−1}, one per input.</param>
/// <param name="Constant">The constant c.</param>
/// <param name="Layout">The common layout of every X_i and Z.</param>
public sealed record LinearCombinationStatement(string[] Inputs, Goldilocks[] Coefficients, Goldilocks Constant, TensorLayout Layout);
