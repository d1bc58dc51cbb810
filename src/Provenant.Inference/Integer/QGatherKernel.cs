using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QGather: rows of a constant int8 table selected by integer indices (an embedding lookup). Inputs: data INT8
/// [V, D…] (initializer), data_zero_point INT8 scalar (initializer; the output's zero point, bookkeeping for the
/// consumers), indices INT32 or INT64 of any shape (computed, e.g. token ids from the graph input). Output INT8
/// [indices…, D…] with Y[i…, d…] = data[indices[i…], d…]; an index j in [−V, −1] means j + V (ONNX Gather), any other
/// index outside [0, V) is a node error. Axis 0 only.
/// </summary>
internal static class QGatherKernel
{
    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QGather] = p =>
        {
            var data = p.Constant(0, "data", TensorDataType.Int8);
            if (data.Rank < 1 || data.Dims[0] < 1)
            {
                throw p.Bad(0, "data", "a table [V, D…] with V ≥ 1", $"shape {data.ShapeText}");
            }
            p.ZeroPoint(1, "data_zero_point", allowInt16: false);
            var rows = data.Dims[0];
            var width = data.Length / rows;
            var table = data.Array<sbyte>();
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var indices = x[2]!;
                if (indices.DataType is not (TensorDataType.Int64 or TensorDataType.Int32))
                {
                    throw p.Builder.Fail($"indices must be INT32 or INT64, got {TensorDataTypes.Name(indices.DataType)} {indices.ShapeText}");
                }
                var y = new sbyte[checked(indices.Length * width)];
                for (var i = 0; i < indices.Length; i++)
                {
                    var j = indices.GetInt64(i);
                    var row = j < 0 ? j + rows : j;
                    if (row < 0 || row >= rows)
                    {
                        throw p.Builder.Fail($"index {j} at element {i} is outside [−{rows}, {rows - 1}]");
                    }
                    table.AsSpan((int)row * width, width).CopyTo(y.AsSpan(i * width, width));
                }
                int[] shape = [.. indices.Dims, .. data.Dims[1..]];
                return [Tensor.FromTrusted(TensorDataType.Int8, y, shape)];
            };
        };
    }
}
