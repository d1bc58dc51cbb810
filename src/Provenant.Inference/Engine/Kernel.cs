using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>
/// A compiled operator: maps the node's inputs (null for omitted optional inputs) to its outputs
/// (null for outputs the node does not produce). Attributes were parsed when the kernel was built.
/// </summary>
internal delegate Tensor?[] Kernel(Tensor?[] inputs);
