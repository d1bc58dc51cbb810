using Provenant.Proofs.Layers;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// One looked-up tensor (or tuple of tensors of the same layout, one per table column): every real element's row
/// (column values) must occur in the table. Padding positions of the layout are not looked up.
/// </summary>
/// <param name="Columns">Tensor names, one per table column (claims are returned under these names).</param>
/// <param name="Layout">The tensors' layout.</param>
public sealed record LookupInput(string[] Columns, TensorLayout Layout);
