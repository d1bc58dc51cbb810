namespace Provenant.Formats.Onnx;

/// <summary><c>AttributeProto.AttributeType</c> with the specification's numbers.</summary>
public enum OnnxAttributeType
{
    /// <summary>Not set.</summary>
    Undefined = 0,
    /// <summary>One float (<c>f</c>).</summary>
    Float = 1,
    /// <summary>One int64 (<c>i</c>).</summary>
    Int = 2,
    /// <summary>One byte string (<c>s</c>).</summary>
    String = 3,
    /// <summary>One tensor (<c>t</c>).</summary>
    Tensor = 4,
    /// <summary>A subgraph (<c>g</c>); not loaded by this reader.</summary>
    Graph = 5,
    /// <summary>Floats (<c>floats</c>).</summary>
    Floats = 6,
    /// <summary>Int64s (<c>ints</c>).</summary>
    Ints = 7,
    /// <summary>Byte strings (<c>strings</c>).</summary>
    Strings = 8,
    /// <summary>Tensors (<c>tensors</c>).</summary>
    Tensors = 9,
    /// <summary>Subgraphs (<c>graphs</c>); not loaded by this reader.</summary>
    Graphs = 10,
    /// <summary>A sparse tensor; not loaded by this reader.</summary>
    SparseTensor = 11,
    /// <summary>Sparse tensors; not loaded by this reader.</summary>
    SparseTensors = 12,
    /// <summary>A type; not loaded by this reader.</summary>
    TypeProto = 13,
    /// <summary>Types; not loaded by this reader.</summary>
    TypeProtos = 14,
}
