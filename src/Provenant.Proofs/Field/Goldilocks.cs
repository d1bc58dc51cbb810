using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Provenant.Proofs.Field;

/// <summary>
/// An element of the Goldilocks prime field F_p with p = 2^64 − 2^32 + 1, stored canonically as an
/// unsigned 64-bit integer in [0, p).
/// </summary>
/// <remarks>
/// Reduction uses 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (mod p), so a 128-bit product hi·2^64 + lo reduces with
/// two 64-bit additions and no division (the technique of Plonky2's Goldilocks field). Every operation
/// returns a canonical element, so equality is bitwise equality. Signed integers of the integer engine
/// (int8 weights, int32 accumulators) embed as x mod p; <see cref="ToSigned"/> inverts that embedding for
/// values of magnitude below p/2. The multiplicative group has order p − 1 = 2^32·3·5·17·257·65537 with
/// generator 7, so power-of-two evaluation domains up to 2^32 exist.
/// </remarks>
public readonly struct Goldilocks : IField<Goldilocks>
{
    /// <summary>The modulus p = 2^64 − 2^32 + 1 = 0xFFFFFFFF00000001.</summary>
    public const ulong Modulus = 0xFFFF_FFFF_0000_0001UL;

    /// <summary>2^64 mod p = 2^32 − 1, the correction applied when a sum or difference wraps.</summary>
    private const ulong Epsilon = 0xFFFF_FFFFUL;

    /// <summary>Size in bytes of the canonical encoding (little-endian).</summary>
    public const int Size = 8;

    /// <inheritdoc />
    public static int EncodedLength => Size;

    /// <summary>A generator of the multiplicative group F_p^* (7).</summary>
    public static readonly Goldilocks MultiplicativeGenerator = new(7);

    /// <summary>The additive identity.</summary>
    public static Goldilocks Zero => default;

    /// <summary>The multiplicative identity.</summary>
    public static Goldilocks One => new(1);

    private readonly ulong _value;

    private Goldilocks(ulong canonical) => _value = canonical;

    /// <summary>The canonical representative in [0, p).</summary>
    public ulong Value => _value;

    /// <summary>True for the additive identity.</summary>
    public bool IsZero => _value == 0;

    /// <summary>Reduces any 64-bit unsigned integer mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks FromUInt64(ulong x) => new(x >= Modulus ? x - Modulus : x);

    /// <summary>Embeds a signed integer as x mod p (negative x maps to p − |x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks FromInt64(long x) =>
        x >= 0 ? FromUInt64((ulong)x) : new Goldilocks(Modulus - (ulong)(-(x + 1)) - 1);

    /// <summary>
    /// Wraps a value already known to be canonical; returns false when <paramref name="x"/> ≥ p. Decoders use
    /// this to refuse non-canonical encodings (each field element has exactly one accepted encoding).
    /// </summary>
    public static bool TryFromCanonical(ulong x, out Goldilocks element)
    {
        element = new Goldilocks(x < Modulus ? x : 0);
        return x < Modulus;
    }

    /// <summary>
    /// The centred signed representative: the value itself when below p/2, otherwise value − p. Inverts
    /// <see cref="FromInt64"/> for |x| &lt; p/2.
    /// </summary>
    public long ToSigned() => _value <= Modulus / 2 ? (long)_value : -(long)(Modulus - _value);

    /// <summary>Field addition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator +(Goldilocks a, Goldilocks b) => new(Add(a._value, b._value));

    /// <summary>Field subtraction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator -(Goldilocks a, Goldilocks b) => new(Sub(a._value, b._value));

    /// <summary>All ones when <paramref name="condition"/> holds, else zero (for branch-free carries: field
    /// elements are uniformly distributed, so a carry branch would be mispredicted half the time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(bool condition) => 0UL - Unsafe.As<bool, byte>(ref condition);

    /// <summary>Canonical a + b for canonical a, b: a wrap past 2^64 adds 2^64 mod p (cannot wrap again).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Add(ulong a, ulong b)
    {
        ulong s = a + b;
        s += Epsilon & Mask(s < a);
        return s >= Modulus ? s - Modulus : s;
    }

    /// <summary>Canonical a − b for canonical a, b: a borrow of 2^64 becomes a − b + 2^64 − (2^32 − 1) = a − b + p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Sub(ulong a, ulong b) => a - b - (Epsilon & Mask(a < b));

    /// <summary>Canonical a·b for canonical a, b (128-bit product, then <see cref="Reduce128"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mul(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return Reduce128(hi, lo);
    }

    /// <summary>Additive inverse.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator -(Goldilocks a) => a._value == 0 ? a : new Goldilocks(Modulus - a._value);

    /// <summary>Field multiplication (128-bit product, then the two-step Goldilocks reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator *(Goldilocks a, Goldilocks b) => new(Mul(a._value, b._value));

    /// <summary>Reduces hi·2^64 + lo modulo p to a canonical value (branch-free carries and borrows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reduce128(ulong hi, ulong lo)
    {
        ulong hiHi = hi >> 32;
        ulong hiLo = hi & Epsilon;
        // hi·2^64 = hiHi·2^96 + hiLo·2^64 ≡ −hiHi + hiLo·(2^32 − 1).
        ulong t0 = lo - hiHi - (Epsilon & Mask(lo < hiHi));
        ulong t1 = hiLo * Epsilon;
        ulong r = t0 + t1;
        r += Epsilon & Mask(r < t1);
        return r >= Modulus ? r - Modulus : r;
    }

    /// <summary>The square of this element.</summary>
    public Goldilocks Square() => this * this;

    /// <summary>This element raised to <paramref name="exponent"/> (square and multiply; 0^0 = 1).</summary>
    public Goldilocks Pow(ulong exponent)
    {
        Goldilocks result = One, b = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0) result *= b;
            b *= b;
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>The multiplicative inverse a^(p−2).</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public Goldilocks Inverse()
    {
        if (_value == 0) throw new DivideByZeroException("Goldilocks: zero has no inverse.");
        return Pow(Modulus - 2);
    }

    /// <summary>
    /// A primitive 2^<paramref name="logOrder"/>-th root of unity, 7^((p−1)/2^logOrder), for
    /// 0 ≤ logOrder ≤ 32.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logOrder"/> is above 32.</exception>
    public static Goldilocks RootOfUnity(int logOrder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(logOrder);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logOrder, 32);
        return MultiplicativeGenerator.Pow((Modulus - 1) >> logOrder);
    }

    /// <summary>Writes the canonical 8-byte little-endian encoding.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64LittleEndian(destination, _value);

    /// <summary>Reads an 8-byte little-endian encoding; false when it is not canonical (value ≥ p).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out Goldilocks element) =>
        TryFromCanonical(BinaryPrimitives.ReadUInt64LittleEndian(source), out element);

    /// <inheritdoc />
    public bool Equals(Goldilocks other) => _value == other._value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Goldilocks other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Equality of canonical representatives.</summary>
    public static bool operator ==(Goldilocks a, Goldilocks b) => a._value == b._value;

    /// <summary>Inequality of canonical representatives.</summary>
    public static bool operator !=(Goldilocks a, Goldilocks b) => a._value != b._value;

    /// <summary>Implicit embedding of small unsigned constants.</summary>
    public static implicit operator Goldilocks(uint x) => new(x);

    /// <inheritdoc />
    public override string ToString() => _value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
