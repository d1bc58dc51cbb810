using System.Numerics;

namespace Provenant.Inference.Engine;

internal readonly struct AddOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public T Apply(T a, T b) => a + b;
}

internal readonly struct SubOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public T Apply(T a, T b) => a - b;
}

internal readonly struct MulOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public T Apply(T a, T b) => a * b;
}

/// <summary>Division; integer division truncates toward zero (ONNX Div, C semantics).</summary>
internal readonly struct DivOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public T Apply(T a, T b) => a / b;
}

internal readonly struct EqualOp<T> : IBinaryOp<T, bool> where T : INumber<T>
{
    public bool Apply(T a, T b) => a == b;
}

internal readonly struct LessOp<T> : IBinaryOp<T, bool> where T : INumber<T>
{
    public bool Apply(T a, T b) => a < b;
}

internal readonly struct GreaterOp<T> : IBinaryOp<T, bool> where T : INumber<T>
{
    public bool Apply(T a, T b) => a > b;
}

internal readonly struct LessOrEqualOp<T> : IBinaryOp<T, bool> where T : INumber<T>
{
    public bool Apply(T a, T b) => a <= b;
}

internal readonly struct GreaterOrEqualOp<T> : IBinaryOp<T, bool> where T : INumber<T>
{
    public bool Apply(T a, T b) => a >= b;
}

internal readonly struct BoolEqualOp : IBinaryOp<bool, bool>
{
    public bool Apply(bool a, bool b) => a == b;
}

/// <summary>x^y in double precision, converted back to the base type (integers truncate, as numpy's astype).</summary>
internal readonly struct PowOp : IBinaryOp<double, double>
{
    public double Apply(double a, double b) => Math.Pow(a, b);
}

internal readonly struct PowFloatOp : IBinaryOp<float, float>
{
    public float Apply(float a, float b) => MathF.Pow(a, b);
}
