namespace Provenant.Proofs.Field;

/// <summary>
/// An element c0 + c1·u of the quadratic extension F_{p^2} = F_p[u]/(u^2 − 7) of the Goldilocks field, the
/// field every verifier challenge is drawn from (|F_{p^2}| ≈ 2^128).
/// </summary>
/// <remarks>
/// 7 is a quadratic non-residue mod p (7^((p−1)/2) = −1, checked by a test), so u^2 − 7 is irreducible; the
/// same extension as Plonky2's <c>QuadraticExtension&lt;GoldilocksField&gt;</c>. A sumcheck round of degree d
/// over this field errs with probability at most d/p^2 ≈ d·2^−128 (Schwartz–Zippel), which keeps whole
/// proofs below 2^−100 (see docs/proof-system.md). Base-field elements embed as c0 + 0·u.
/// </remarks>
public readonly struct GoldilocksExt2 : IField<GoldilocksExt2>
{
    /// <summary>The non-residue W with u^2 = W.</summary>
    public static readonly Goldilocks NonResidue = 7u;

    /// <summary>Size in bytes of the canonical encoding: c0 then c1, each 8 bytes little-endian.</summary>
    public const int Size = 2 * Goldilocks.Size;

    /// <inheritdoc />
    public static int EncodedLength => Size;

    /// <summary>The additive identity.</summary>
    public static GoldilocksExt2 Zero => default;

    /// <summary>The multiplicative identity.</summary>
    public static GoldilocksExt2 One => new(Goldilocks.One, Goldilocks.Zero);

    /// <summary>Creates c0 + c1·u.</summary>
    public GoldilocksExt2(Goldilocks c0, Goldilocks c1)
    {
        C0 = c0;
        C1 = c1;
    }

    /// <summary>The base-field coefficient.</summary>
    public Goldilocks C0 { get; }

    /// <summary>The coefficient of u.</summary>
    public Goldilocks C1 { get; }

    /// <summary>True for the additive identity.</summary>
    public bool IsZero => C0.IsZero && C1.IsZero;

    /// <summary>True when the element lies in the base field (c1 = 0).</summary>
    public bool IsInBaseField => C1.IsZero;

    /// <summary>Embeds a base-field element.</summary>
    public static implicit operator GoldilocksExt2(Goldilocks c0) => new(c0, Goldilocks.Zero);

    /// <summary>Extension addition.</summary>
    public static GoldilocksExt2 operator +(GoldilocksExt2 a, GoldilocksExt2 b) => new(a.C0 + b.C0, a.C1 + b.C1);

    /// <summary>Extension subtraction.</summary>
    public static GoldilocksExt2 operator -(GoldilocksExt2 a, GoldilocksExt2 b) => new(a.C0 - b.C0, a.C1 - b.C1);

    /// <summary>Additive inverse.</summary>
    public static GoldilocksExt2 operator -(GoldilocksExt2 a) => new(-a.C0, -a.C1);

    /// <summary>(a0 + a1u)(b0 + b1u) = a0b0 + 7a1b1 + (a0b1 + a1b0)u.</summary>
    public static GoldilocksExt2 operator *(GoldilocksExt2 a, GoldilocksExt2 b) =>
        new(a.C0 * b.C0 + NonResidue * (a.C1 * b.C1), a.C0 * b.C1 + a.C1 * b.C0);

    /// <summary>Scales by a base-field element (two base multiplications).</summary>
    public static GoldilocksExt2 operator *(GoldilocksExt2 a, Goldilocks b) => new(a.C0 * b, a.C1 * b);

    /// <summary>Scales by a base-field element (two base multiplications).</summary>
    public static GoldilocksExt2 operator *(Goldilocks a, GoldilocksExt2 b) => new(a * b.C0, a * b.C1);

    /// <summary>The square of this element.</summary>
    public GoldilocksExt2 Square() => this * this;

    /// <summary>The norm c0^2 − 7c1^2 ∈ F_p, zero only for zero.</summary>
    public Goldilocks Norm() => C0 * C0 - NonResidue * (C1 * C1);

    /// <summary>This element raised to <paramref name="exponent"/> (square and multiply).</summary>
    public GoldilocksExt2 Pow(ulong exponent)
    {
        GoldilocksExt2 result = One, b = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0) result *= b;
            b *= b;
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>The multiplicative inverse (c0 − c1u)/norm.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public GoldilocksExt2 Inverse()
    {
        if (IsZero) throw new DivideByZeroException("GoldilocksExt2: zero has no inverse.");
        Goldilocks n = Norm().Inverse();
        return new GoldilocksExt2(C0 * n, -(C1 * n));
    }

    /// <summary>Writes the canonical 16-byte encoding (c0 then c1, little-endian).</summary>
    public void WriteTo(Span<byte> destination)
    {
        C0.WriteTo(destination);
        C1.WriteTo(destination[Goldilocks.Size..]);
    }

    /// <summary>Reads a 16-byte encoding; false when either coefficient is not canonical.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out GoldilocksExt2 element)
    {
        bool ok = Goldilocks.TryRead(source, out var c0) & Goldilocks.TryRead(source[Goldilocks.Size..], out var c1);
        element = new GoldilocksExt2(c0, c1);
        return ok;
    }

    /// <inheritdoc />
    public bool Equals(GoldilocksExt2 other) => C0 == other.C0 && C1 == other.C1;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GoldilocksExt2 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(C0, C1);

    /// <summary>Coefficient-wise equality.</summary>
    public static bool operator ==(GoldilocksExt2 a, GoldilocksExt2 b) => a.Equals(b);

    /// <summary>Coefficient-wise inequality.</summary>
    public static bool operator !=(GoldilocksExt2 a, GoldilocksExt2 b) => !a.Equals(b);

    /// <inheritdoc />
    public override string ToString() => $"{C0} + {C1}·u";
}
