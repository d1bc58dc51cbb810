namespace Provenant.Proofs.Field;

/// <summary>
/// Montgomery's batch inversion: inverts n non-zero elements with one field inversion and 3(n − 1)
/// multiplications.
/// </summary>
public static class BatchInversion
{
    /// <summary>Replaces every element of <paramref name="values"/> by its inverse.</summary>
    /// <typeparam name="T">The field.</typeparam>
    /// <exception cref="DivideByZeroException">An element is zero (the span is left unchanged).</exception>
    public static void InvertInPlace<T>(Span<T> values) where T : struct, IField<T>
    {
        if (values.Length == 0) return;
        var prefix = new T[values.Length];
        T acc = T.One;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].IsZero) throw new DivideByZeroException($"BatchInversion: element {i} is zero.");
            prefix[i] = acc;
            acc *= values[i];
        }
        T inv = acc.Inverse();
        for (int i = values.Length - 1; i >= 0; i--)
        {
            T v = values[i];
            values[i] = inv * prefix[i];
            inv *= v;
        }
    }
}
