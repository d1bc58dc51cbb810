using Provenant.Inference.Graph;

namespace Provenant.Inference.Integer;

/// <summary>
/// How one output of one node is computed row by row for given input dims (<see cref="RowLocalExecution.Plan"/>): made
/// once, then run for any row range by <see cref="RowLocalExecution.RunRows(RowLocalPlan, IReadOnlyDictionary{string, int}, IReadOnlyDictionary{string, Tensors.Tensor}, IReadOnlyDictionary{string, Tensors.Tensor}, long, long)"/>
/// without planning again (a dispute referee asks which inputs may be opened as rows, then runs them).
/// </summary>
public sealed class RowLocalPlan
{
    internal RowLocalPlan(GraphNode node, int output, int[]?[] inputDims, RowPlan rule)
    {
        Node = node;
        Output = output;
        InputDims = inputDims;
        Rule = rule;
    }

    /// <summary>The node.</summary>
    public GraphNode Node { get; }

    /// <summary>The output position planned.</summary>
    public int Output { get; }

    /// <summary>The row operands: input positions whose row r gives output row r (ascending); the other inputs are used whole.</summary>
    public IReadOnlyList<int> Operands => Rule.Operands;

    /// <summary>Every input's full dims by position, as planned for (the list is copied; its arrays are the caller's and must not change).</summary>
    internal IReadOnlyList<int[]?> InputDims { get; }

    internal RowPlan Rule { get; }
}
