using System.Numerics;

namespace Provenant.Proofs.Field;

/// <summary>
/// The operations sumcheck, multilinear polynomials and batch inversion need from a finite field, so the same
/// code runs over the Goldilocks base field and its quadratic extension.
/// </summary>
/// <typeparam name="T">The element type (a value type holding a canonical representative).</typeparam>
public interface IField<T> :
    IEquatable<T>,
    IAdditionOperators<T, T, T>,
    ISubtractionOperators<T, T, T>,
    IMultiplyOperators<T, T, T>,
    IUnaryNegationOperators<T, T>,
    IEqualityOperators<T, T, bool>
    where T : struct, IField<T>
{
    /// <summary>The additive identity.</summary>
    static abstract T Zero { get; }

    /// <summary>The multiplicative identity.</summary>
    static abstract T One { get; }

    /// <summary>Size in bytes of the canonical encoding.</summary>
    static abstract int EncodedLength { get; }

    /// <summary>Reads a canonical encoding; false when it is not canonical.</summary>
    static abstract bool TryRead(ReadOnlySpan<byte> source, out T element);

    /// <summary>True for the additive identity.</summary>
    bool IsZero { get; }

    /// <summary>The multiplicative inverse.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    T Inverse();

    /// <summary>Writes the canonical encoding (<see cref="EncodedLength"/> bytes).</summary>
    void WriteTo(Span<byte> destination);
}
