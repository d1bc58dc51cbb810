using Google.Protobuf;
using Provenant.Formats.Onnx;
using Provenant.Formats.Onnx.Proto;

namespace Provenant.Formats.Tests.Onnx;

/// <summary>Small ONNX models built in code (valid unless a test breaks them on purpose).</summary>
internal static class OnnxTestModels
{
    /// <summary>y = Relu(x·W + b), x: FLOAT [1,2], W: [2,2], b: [2]; opset 13.</summary>
    public static ModelProto Linear()
    {
        var g = new GraphProto { Name = "linear" };
        g.Input.Add(Value("x", 1, 2));
        g.Output.Add(Value("y", 1, 2));
        g.Initializer.Add(FloatTensor("W", [2, 2], 1, 2, 3, 4));
        g.Initializer.Add(FloatTensor("b", [2], 0.5f, -10));
        g.Node.Add(Node("MatMul", "mm", ["x", "W"], ["xw"]));
        g.Node.Add(Node("Add", "add", ["xw", "b"], ["z"]));
        g.Node.Add(Node("Relu", "relu", ["z"], ["y"]));
        var m = new ModelProto { IrVersion = 8, ProducerName = "provenant-tests", Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return m;
    }

    public static NodeProto Node(string op, string name, string[] inputs, string[] outputs)
    {
        var n = new NodeProto { OpType = op, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        return n;
    }

    public static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    public static TensorProto FloatTensor(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)OnnxDataType.Float };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray());
        return t;
    }

    public static byte[] Bytes(this ModelProto m) => m.ToByteArray();
}
