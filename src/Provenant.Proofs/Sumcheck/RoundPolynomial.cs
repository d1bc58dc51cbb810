using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>
/// Evaluation of a univariate polynomial of degree ≤ d given by its values at 0, 1, …, d (the form round
/// polynomials are sent in), by barycentric Lagrange interpolation in O(d) multiplications after O(d^2) setup.
/// </summary>
public sealed class RoundPolynomial
{
    private readonly Goldilocks[] _weights;

    /// <summary>Prepares the barycentric weights w_i = 1 / Π_{j ≠ i} (i − j) for degree <paramref name="degree"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is negative or above 1024.</exception>
    public RoundPolynomial(int degree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(degree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(degree, 1024);
        Degree = degree;
        _weights = new Goldilocks[degree + 1];
        for (int i = 0; i <= degree; i++)
        {
            Goldilocks denominator = Goldilocks.One;
            for (int j = 0; j <= degree; j++)
            {
                if (j != i) denominator *= Goldilocks.FromInt64(i - j);
            }
            _weights[i] = denominator;
        }
        BatchInversion.InvertInPlace<Goldilocks>(_weights);
    }

    /// <summary>The degree d this interpolator was built for.</summary>
    public int Degree { get; }

    /// <summary>p(<paramref name="x"/>) where p(i) = <paramref name="values"/>[i] for i = 0..d.</summary>
    /// <exception cref="ArgumentException">The number of values is not d + 1.</exception>
    public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> values, GoldilocksExt2 x)
    {
        int n = Degree + 1;
        if (values.Length != n) throw new ArgumentException($"RoundPolynomial: expected {n} values, got {values.Length}.");
        // p(x) = Σ_i v_i·w_i·Π_{j≠i}(x − j), with prefix/suffix products of (x − j) (no inversion; exact at x ∈ {0..d}).
        Span<GoldilocksExt2> suffix = n <= 64 ? stackalloc GoldilocksExt2[n + 1] : new GoldilocksExt2[n + 1];
        suffix[n] = GoldilocksExt2.One;
        for (int j = n - 1; j >= 0; j--) suffix[j] = suffix[j + 1] * (x - (GoldilocksExt2)Goldilocks.FromUInt64((ulong)j));
        GoldilocksExt2 prefix = GoldilocksExt2.One, result = GoldilocksExt2.Zero;
        for (int i = 0; i < n; i++)
        {
            result += values[i] * _weights[i] * prefix * suffix[i + 1];
            prefix *= x - (GoldilocksExt2)Goldilocks.FromUInt64((ulong)i);
        }
        return result;
    }
}
