namespace Provenant.Proofs.Circuit;

/// <summary>
/// Reshape / Flatten / Identity: the same row-major elements under a new shape. When both shapes have the same
/// multilinear layout (<see cref="IsRelabel"/>) a claim passes through unchanged; otherwise the element moves from
/// one padded position to another and the claim is reduced through that public wiring.
/// </summary>
public sealed class ReshapeLayer : CircuitLayer
{
    internal ReshapeLayer(string node, int x, int output, bool relabel, int length)
        : base("Reshape", node, [x], output)
    {
        IsRelabel = relabel;
        Length = length;
    }

    /// <summary>True when every element keeps its hypercube index (the claim is the same claim).</summary>
    public bool IsRelabel { get; }

    /// <summary>Elements.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override long GateCount => IsRelabel ? 0 : Length;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values) => (long[])values[Inputs[0]]!.Clone();

    internal override void Describe(CircuitDescriptionWriter w) => DescribeHeader(w);
}
