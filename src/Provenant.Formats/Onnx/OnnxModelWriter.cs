using Google.Protobuf;
using Provenant.Core.IO;
using Provenant.Formats.Onnx.Proto;

namespace Provenant.Formats.Onnx;

/// <summary>
/// Serializes an <see cref="OnnxModel"/> to ONNX protobuf bytes (the inverse of
/// <see cref="OnnxModelReader"/>). Tensors are written in <c>raw_data</c>. The writer does not validate:
/// it writes exactly the graph it is given (tests use that to build invalid models).
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>The model as ONNX <c>ModelProto</c> bytes.</summary>
    public static byte[] ToBytes(OnnxModel model)
    {
        var proto = new ModelProto
        {
            IrVersion = model.IrVersion,
            ProducerName = model.ProducerName,
            ProducerVersion = model.ProducerVersion,
            Graph = EncodeGraph(model.Graph),
        };
        proto.OpsetImport.AddRange(model.OpsetImports.Select(o => new OperatorSetIdProto { Domain = o.Domain, Version = o.Version }));
        return proto.ToByteArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically.</summary>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The file cannot be written.</exception>
    public static void Write(string path, OnnxModel model) => AtomicFile.Write(path, ToBytes(model));

    private static GraphProto EncodeGraph(OnnxGraph g)
    {
        var proto = new GraphProto { Name = g.Name };
        proto.Node.AddRange(g.Nodes.Select(EncodeNode));
        proto.Initializer.AddRange(g.Initializers.Select(OnnxTensorCodec.Encode));
        proto.Input.AddRange(g.Inputs.Select(EncodeValueInfo));
        proto.Output.AddRange(g.Outputs.Select(EncodeValueInfo));
        proto.ValueInfo.AddRange(g.ValueInfo.Select(EncodeValueInfo));
        return proto;
    }

    private static NodeProto EncodeNode(OnnxNode n)
    {
        var proto = new NodeProto { OpType = n.OpType };
        if (n.Name.Length > 0)
        {
            proto.Name = n.Name;
        }
        if (n.Domain.Length > 0)
        {
            proto.Domain = n.Domain;
        }
        proto.Input.AddRange(n.Inputs);
        proto.Output.AddRange(n.Outputs);
        proto.Attribute.AddRange(n.Attributes.Select(EncodeAttribute));
        return proto;
    }

    private static AttributeProto EncodeAttribute(OnnxAttribute a)
    {
        var p = new AttributeProto { Name = a.Name, Type = (AttributeProto.Types.AttributeType)(int)a.Type };
        switch (a.Type)
        {
            case OnnxAttributeType.Float: p.F = a.Float; break;
            case OnnxAttributeType.Int: p.I = a.Int; break;
            case OnnxAttributeType.String: p.S = ByteString.CopyFrom(a.String ?? []); break;
            case OnnxAttributeType.Tensor when a.Tensor is not null: p.T = OnnxTensorCodec.Encode(a.Tensor); break;
            case OnnxAttributeType.Floats: p.Floats.AddRange(a.Floats ?? []); break;
            case OnnxAttributeType.Ints: p.Ints.AddRange(a.Ints ?? []); break;
            case OnnxAttributeType.Strings: p.Strings.AddRange((a.Strings ?? []).Select(ByteString.CopyFrom)); break;
            case OnnxAttributeType.Tensors: p.Tensors.AddRange((a.Tensors ?? []).Select(OnnxTensorCodec.Encode)); break;
        }
        return p;
    }

    private static ValueInfoProto EncodeValueInfo(OnnxValueInfo v)
    {
        var proto = new ValueInfoProto { Name = v.Name };
        if (v.ElementType is null)
        {
            return proto;
        }
        var tt = new TypeProto.Types.Tensor { ElemType = (int)v.ElementType.Value };
        if (v.Shape is not null)
        {
            tt.Shape = new TensorShapeProto();
            foreach (var d in v.Shape)
            {
                var dim = new TensorShapeProto.Types.Dimension();
                if (d.Value is long value)
                {
                    dim.DimValue = value;
                }
                else if (d.Param is string param)
                {
                    dim.DimParam = param;
                }
                tt.Shape.Dim.Add(dim);
            }
        }
        proto.Type = new TypeProto { TensorType = tt };
        return proto;
    }
}
