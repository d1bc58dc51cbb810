namespace Provenant.Inference.Engine;

/// <summary>Element functions of one input (ONNX operator semantics in the comments).</summary>
internal enum UnaryFunction
{
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>x ≥ 0 ? x : alpha·x.</summary>
    LeakyRelu,
    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid,
    /// <summary>tanh x.</summary>
    Tanh,
    /// <summary>e^x.</summary>
    Exp,
    /// <summary>ln x.</summary>
    Log,
    /// <summary>√x.</summary>
    Sqrt,
    /// <summary>erf x.</summary>
    Erf,
    /// <summary>−x.</summary>
    Neg,
    /// <summary>1/x.</summary>
    Reciprocal,
    /// <summary>|x|.</summary>
    Abs,
    /// <summary>x·Φ(x) = x/2·(1 + erf(x/√2)).</summary>
    Gelu,
    /// <summary>x/2·(1 + tanh(√(2/π)·(x + 0.044715x³))).</summary>
    GeluTanh,
}
