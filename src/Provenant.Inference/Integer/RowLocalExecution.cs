using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>PLACEHOLDER on branch chunks until the helper's version is merged: every node runs whole.</summary>
public static class RowLocalExecution
{
    /// <summary>Placeholder: no node is row-local.</summary>
    public static IReadOnlyList<int>? RowOperands(GraphNode node, int output, IReadOnlyList<int[]?> inputDims) => null;

    /// <summary>Placeholder.</summary>
    public static (Tensor Rows, int[] FullDims) RunRows(GraphNode node, IReadOnlyDictionary<string, int> opsets,
        IReadOnlyDictionary<string, Tensor> constants, IReadOnlyDictionary<string, Tensor> values, IReadOnlyList<int[]?> inputDims,
        int output, long start, long end) => throw new NotSupportedException();
}
