namespace Provenant.Proofs.Lookups;

/// <summary>
/// A lookup a layer gadget relies on but does not prove itself: every real element of <see cref="Tensor"/> must occur in
/// <see cref="Table"/> (one column). The circuit groups obligations by table and proves each group with one
/// <see cref="LogUp"/> call, then reconciles the resulting claims with the gadget's (e.g. via
/// <see cref="Layers.ClaimBatching"/> or a multi-point opening).
/// </summary>
/// <param name="Tensor">The tensor name (an advice tensor or a layer output).</param>
/// <param name="Table">The range table.</param>
public sealed record LookupObligation(string Tensor, LookupTable Table);
