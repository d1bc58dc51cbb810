using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// A public lookup table of <see cref="Width"/> columns and <see cref="Length"/> rows: a range [0, 2^bits) (one column),
/// or the graph of a function {(x, f(x))} such as the integer engine's 256-entry QLookup tables (two columns). Rows must be
/// distinct. The verifier evaluates the columns' multilinear extensions itself (O(bits) for a range, O(rows) otherwise).
/// </summary>
public sealed class LookupTable
{
    private readonly Goldilocks[][] _columns;
    private readonly int _rangeBits;
    private readonly long _offset;
    private readonly Dictionary<(ulong, ulong), int>? _index;

    private LookupTable(string name, Goldilocks[][] columns, int rangeBits, long offset = 0)
    {
        _offset = offset;
        Name = name;
        _columns = columns;
        _rangeBits = rangeBits;
        Length = columns[0].Length;
        if (rangeBits < 0)
        {
            _index = new Dictionary<(ulong, ulong), int>(Length);
            for (int i = 0; i < Length; i++)
            {
                if (!_index.TryAdd(Key(columns, i), i)) throw new ArgumentException($"LookupTable {name}: row {i} repeats an earlier row.");
            }
        }
    }

    /// <summary>The table's name (used in the transcript and in error messages).</summary>
    public string Name { get; }

    /// <summary>Number of columns (1 or 2).</summary>
    public int Width => _columns.Length;

    /// <summary>Number of rows.</summary>
    public int Length { get; }

    /// <summary>⌈log2 Length⌉, the variables of the multiplicity vector.</summary>
    public int VariableCount => MultilinearExtension.VariableCount(Length);

    /// <summary>
    /// The range table {offset, offset + 1, …, offset + 2^bits − 1} (signed values embedded with
    /// <see cref="Goldilocks.FromInt64"/>), 0 ≤ bits ≤ 20, |offset| ≤ 2^40; named "range{bits}" or "range{bits}@{offset}".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">bits outside [0, 20] or offset too large.</exception>
    public static LookupTable Range(int bits, long offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(offset), 1L << 40);
        var values = new Goldilocks[1 << bits];
        for (int i = 0; i < values.Length; i++) values[i] = Goldilocks.FromInt64(offset + i);
        return new LookupTable(offset == 0 ? $"range{bits}" : $"range{bits}@{offset}", [values], bits, offset);
    }

    /// <summary>
    /// The graph {(inputs[i], outputs[i])} of a function, e.g. QLookup: inputs −128…127, outputs table[x + 128]
    /// (<see cref="ForQLookup"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, are zero or above 2^20, or an (input, output) row repeats.</exception>
    public static LookupTable Function(string name, Goldilocks[] inputs, Goldilocks[] outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Length == 0 || inputs.Length != outputs.Length || inputs.Length > 1 << 20)
            throw new ArgumentException($"LookupTable {name}: {inputs.Length} inputs and {outputs.Length} outputs.");
        return new LookupTable(name, [(Goldilocks[])inputs.Clone(), (Goldilocks[])outputs.Clone()], -1);
    }

    /// <summary>A QLookup table (docs/quantization.md): rows (x, table[x + 128]) for x = −128 … 127.</summary>
    /// <exception cref="ArgumentException">The table does not have 256 entries.</exception>
    public static LookupTable ForQLookup(string name, ReadOnlySpan<long> table)
    {
        if (table.Length != 256) throw new ArgumentException($"LookupTable {name}: a QLookup table has 256 entries, found {table.Length}.");
        var x = new Goldilocks[256];
        var y = new Goldilocks[256];
        for (int i = 0; i < 256; i++)
        {
            x[i] = Goldilocks.FromInt64(i - 128);
            y[i] = Goldilocks.FromInt64(table[i]);
        }
        return Function(name, x, y);
    }

    /// <summary>Column <paramref name="column"/>'s values (row order).</summary>
    public ReadOnlySpan<Goldilocks> Column(int column) => _columns[column];

    /// <summary>The multilinear extension of column <paramref name="column"/> (zero-padded to 2^VariableCount) at <paramref name="point"/>.</summary>
    public GoldilocksExt2 EvaluateColumn(int column, ReadOnlySpan<GoldilocksExt2> point)
    {
        if (_rangeBits >= 0)
        {
            // T(b) = offset + Σ_i b_i·2^i is already multilinear: T̃(r) = offset + Σ_i 2^i·r_i (no padding rows).
            var acc = (GoldilocksExt2)Goldilocks.FromInt64(_offset);
            for (int i = 0; i < point.Length; i++) acc += point[i] * Goldilocks.FromUInt64(1UL << i);
            return acc;
        }
        return MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(_columns[column], point, static v => v);
    }

    /// <summary>The row holding (<paramref name="first"/>, <paramref name="second"/>) (second ignored for one column), or −1.</summary>
    public int IndexOf(Goldilocks first, Goldilocks second)
    {
        if (_rangeBits >= 0)
        {
            var shifted = first - Goldilocks.FromInt64(_offset);
            return shifted.Value < (ulong)Length ? (int)shifted.Value : -1;
        }
        return _index!.TryGetValue((first.Value, second.Value), out var i) ? i : -1;
    }

    private static (ulong, ulong) Key(Goldilocks[][] columns, int row) => (columns[0][row].Value, columns.Length > 1 ? columns[1][row].Value : 0);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Length} rows × {Width})";
}
