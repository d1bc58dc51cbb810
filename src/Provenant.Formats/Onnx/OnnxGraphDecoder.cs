using Provenant.Core.Errors;
using Provenant.Formats.Onnx.Proto;

namespace Provenant.Formats.Onnx;

/// <summary>Converts a <c>GraphProto</c> to <see cref="OnnxGraph"/>, validating names and ordering nodes.</summary>
internal static class OnnxGraphDecoder
{
    // declaredAreDefined: a weights-free skeleton, where a name declared in value_info that no node produces counts as
    // defined (a tensor whose data is held elsewhere), as an initializer would.
    public static OnnxGraph Decode(GraphProto g, string file, string path, OnnxReadLimits limits, bool declaredAreDefined = false)
    {
        if (g.Node.Count > limits.MaxNodes)
        {
            throw new ProvenantFormatException(file, path + ".node", $"at most {limits.MaxNodes} nodes", g.Node.Count.ToString());
        }
        var initializers = new List<OnnxTensor>(g.Initializer.Count);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < g.Initializer.Count; i++)
        {
            var t = g.Initializer[i];
            var field = $"{path}.initializer[{i}] '{t.Name}'";
            if (t.Name.Length == 0)
            {
                throw new ProvenantFormatException(file, $"{path}.initializer[{i}].name", "a non-empty name");
            }
            if (!defined.Add(t.Name))
            {
                throw new ProvenantFormatException(file, field, "a unique initializer name", "a duplicate");
            }
            initializers.Add(OnnxTensorCodec.Decode(t, file, field, limits));
        }
        var inputs = g.Input.Select((v, i) => DecodeValueInfo(v, file, $"{path}.input[{i}]", limits)).ToArray();
        foreach (var v in inputs)
        {
            defined.Add(v.Name);
        }
        var nodes = new OnnxNode[g.Node.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = DecodeNode(g.Node[i], i, file, path, limits);
        }
        if (declaredAreDefined)
        {
            var outputsOfNodes = new HashSet<string>(nodes.SelectMany(n => n.Outputs), StringComparer.Ordinal);
            foreach (var v in g.ValueInfo)
            {
                if (v.Name.Length > 0 && !outputsOfNodes.Contains(v.Name)) defined.Add(v.Name);
            }
        }
        var ordered = OnnxGraphOrder.Sort(nodes, defined, file, path);
        var outputs = g.Output.Select((v, i) => DecodeValueInfo(v, file, $"{path}.output[{i}]", limits)).ToArray();
        var produced = new HashSet<string>(defined, StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            produced.UnionWith(n.Outputs.Where(o => o.Length > 0));
        }
        for (var i = 0; i < outputs.Length; i++)
        {
            if (!produced.Contains(outputs[i].Name))
            {
                throw new ProvenantFormatException(file, $"{path}.output[{i}] '{outputs[i].Name}'",
                    "a value produced by a node, an initializer or a graph input", "no such value");
            }
        }
        var valueInfo = g.ValueInfo.Select((v, i) => DecodeValueInfo(v, file, $"{path}.value_info[{i}]", limits)).ToArray();
        return new OnnxGraph(g.Name, ordered, initializers, inputs, outputs, valueInfo);
    }

    private static OnnxNode DecodeNode(NodeProto n, int index, string file, string path, OnnxReadLimits limits)
    {
        var where = $"{path}.node[{index}]" + (n.Name.Length > 0 ? $" '{n.Name}'" : "");
        if (n.OpType.Length == 0)
        {
            throw new ProvenantFormatException(file, where + ".op_type", "an operator name");
        }
        var attrs = new List<OnnxAttribute>(n.Attribute.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in n.Attribute)
        {
            var field = $"{where} ({n.OpType}).attribute '{a.Name}'";
            if (a.Name.Length == 0 || !names.Add(a.Name))
            {
                throw new ProvenantFormatException(file, field, "a non-empty attribute name, unique within the node");
            }
            attrs.Add(DecodeAttribute(a, file, field, limits));
        }
        return new OnnxNode(n.Name, n.OpType, OnnxModelReader.NormalizeDomain(n.Domain), [.. n.Input], [.. n.Output], attrs);
    }

    private static OnnxAttribute DecodeAttribute(AttributeProto a, string file, string field, OnnxReadLimits limits)
    {
        if (a.HasRefAttrName && a.RefAttrName.Length > 0)
        {
            throw new ProvenantFormatException(file, field + ".ref_attr_name", "no attribute references outside a function body");
        }
        var type = a.HasType ? (OnnxAttributeType)(int)a.Type : InferType(a);
        if (!Enum.IsDefined(type))
        {
            throw new ProvenantFormatException(file, field + ".type", "an AttributeType between 1 and 14", ((int)a.Type).ToString());
        }
        return type switch
        {
            OnnxAttributeType.Float => new OnnxAttribute(a.Name, type, Float: a.F),
            OnnxAttributeType.Int => new OnnxAttribute(a.Name, type, Int: a.I),
            OnnxAttributeType.String => new OnnxAttribute(a.Name, type, String: a.S.ToByteArray()),
            OnnxAttributeType.Tensor when a.T is null => throw new ProvenantFormatException(file, field + ".t", "a tensor value"),
            OnnxAttributeType.Tensor => new OnnxAttribute(a.Name, type, Tensor: OnnxTensorCodec.Decode(a.T, file, field + ".t", limits)),
            OnnxAttributeType.Floats => new OnnxAttribute(a.Name, type, Floats: [.. a.Floats]),
            OnnxAttributeType.Ints => new OnnxAttribute(a.Name, type, Ints: [.. a.Ints]),
            OnnxAttributeType.Strings => new OnnxAttribute(a.Name, type, Strings: a.Strings.Select(s => s.ToByteArray()).ToArray()),
            OnnxAttributeType.Tensors => new OnnxAttribute(a.Name, type,
                Tensors: a.Tensors.Select((t, i) => OnnxTensorCodec.Decode(t, file, $"{field}.tensors[{i}]", limits)).ToArray()),
            _ => new OnnxAttribute(a.Name, type),
        };
    }

    private static OnnxAttributeType InferType(AttributeProto a) =>
        a.HasF ? OnnxAttributeType.Float
        : a.HasI ? OnnxAttributeType.Int
        : a.HasS ? OnnxAttributeType.String
        : a.T is not null ? OnnxAttributeType.Tensor
        : a.G is not null ? OnnxAttributeType.Graph
        : a.Floats.Count > 0 ? OnnxAttributeType.Floats
        : a.Ints.Count > 0 ? OnnxAttributeType.Ints
        : a.Strings.Count > 0 ? OnnxAttributeType.Strings
        : a.Tensors.Count > 0 ? OnnxAttributeType.Tensors
        : a.Graphs.Count > 0 ? OnnxAttributeType.Graphs
        : OnnxAttributeType.Undefined;

    internal static OnnxValueInfo DecodeValueInfo(ValueInfoProto v, string file, string field, OnnxReadLimits limits)
    {
        if (v.Name.Length == 0)
        {
            throw new ProvenantFormatException(file, field + ".name", "a non-empty value name");
        }
        if (v.Type is null)
        {
            return new OnnxValueInfo(v.Name, null, null);
        }
        var tt = v.Type.TensorType;
        if (tt is null)
        {
            return new OnnxValueInfo(v.Name, null, null, IsTensor: false);
        }
        OnnxDataType? elem = tt.HasElemType && OnnxDataTypes.IsKnown(tt.ElemType) ? (OnnxDataType)tt.ElemType : null;
        if (tt.HasElemType && tt.ElemType != 0 && elem is null)
        {
            throw new ProvenantFormatException(file, field + ".type.tensor_type.elem_type", "a TensorProto.DataType between 1 and 26", tt.ElemType.ToString());
        }
        if (tt.Shape is null)
        {
            return new OnnxValueInfo(v.Name, elem, null);
        }
        if (tt.Shape.Dim.Count > limits.MaxRank)
        {
            throw new ProvenantFormatException(file, field + ".type.tensor_type.shape", $"at most {limits.MaxRank} dimensions", tt.Shape.Dim.Count.ToString());
        }
        var dims = new OnnxDimension[tt.Shape.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var d = tt.Shape.Dim[i];
            if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
            {
                if (d.DimValue < 0 || d.DimValue > limits.MaxTensorElements)
                {
                    throw new ProvenantFormatException(file, $"{field}.type.tensor_type.shape.dim[{i}]",
                        $"a dimension between 0 and {limits.MaxTensorElements}", d.DimValue.ToString());
                }
                dims[i] = new OnnxDimension(d.DimValue, null);
            }
            else
            {
                dims[i] = new OnnxDimension(null, d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : null);
            }
        }
        return new OnnxValueInfo(v.Name, elem, dims);
    }
}
