using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QLookup: Y[i] = table[X[i] + 128] for int8 X and a 256-entry int8 or int16 table (an initializer; the
/// quantizer fills it with round(f(dequantized x) / s_y) + y_zp, clamped). Inputs: X, x_zero_point
/// (bookkeeping, checked against X's producer), table, y_zero_point (of the table's type; checked
/// against the consumers). The table length is checked at load.
/// </summary>
internal static class QLookupKernel
{
    /// <summary>Entries of a lookup table: every int8 input value.</summary>
    public const int TableLength = 256;

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QLookup] = p =>
        {
            p.ZeroPoint(1, "x_zero_point", allowInt16: false);
            var tableTensor = p.Builder.Constant(2) ?? throw p.Bad(2, "table", "an INT8 or INT16 initializer", "a computed value");
            if (tableTensor.DataType is not (TensorDataType.Int8 or TensorDataType.Int16))
            {
                throw p.Bad(2, "table", "INT8 or INT16", TensorDataTypes.Name(tableTensor.DataType));
            }
            if (tableTensor.Rank != 1 || tableTensor.Length != TableLength)
            {
                throw p.Bad(2, "table", $"shape [{TableLength}] (one entry per int8 input)", $"shape {tableTensor.ShapeText}");
            }
            var (_, yType) = p.ZeroPoint(3, "y_zero_point", allowInt16: true);
            if (yType != tableTensor.DataType)
            {
                throw p.Bad(3, "y_zero_point", TensorDataTypes.Name(tableTensor.DataType) + " (the table's type)", TensorDataTypes.Name(yType));
            }
            var table = QuantParameters.ToInt64(tableTensor);
            var int8Table = tableTensor.DataType == TensorDataType.Int8 ? tableTensor.Array<sbyte>() : null;
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var t = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                var src = t.Array<sbyte>();
                if (int8Table is not null)
                {
                    var b = new sbyte[src.Length];
                    for (var i = 0; i < src.Length; i++)
                    {
                        b[i] = int8Table[src[i] + 128];
                    }
                    return [Tensor.FromTrusted(TensorDataType.Int8, b, t.Dims)];
                }
                var y = new long[src.Length];
                for (var i = 0; i < src.Length; i++)
                {
                    y[i] = table[src[i] + 128];
                }
                return [RequantizeKernel.Narrow(y, tableTensor.DataType, t.Dims)];
            };
        };
    }
}
