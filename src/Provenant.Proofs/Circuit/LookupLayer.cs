namespace Provenant.Proofs.Circuit;

/// <summary>QLookup: Y[i] = table[X[i] + 128] for int8 X and a public 256-entry int8/int16 table (docs/quantization.md).</summary>
public sealed class LookupLayer : CircuitLayer
{
    internal LookupLayer(string node, int x, int output, long[] table, int length)
        : base("Lookup", node, [x], output)
    {
        Table = table;
        Length = length;
    }

    /// <summary>The 256 table entries, indexed by x + 128.</summary>
    public IReadOnlyList<long> Table { get; }

    /// <summary>Elements of X and Y.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override long GateCount => Length;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var x = values[Inputs[0]]!;
        var y = new long[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = Table[(int)x[i] + 128];
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(Table.ToArray());
    }
}
