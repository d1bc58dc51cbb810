using Provenant.Proofs.Field;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// The Reed–Solomon code RS[F_p, n, k] with message length k = 2^<see cref="MessageLogLength"/> and rate
/// ρ = k/n = 2^−<see cref="RateLog"/>: a message (a_0, …, a_{k−1}) is the coefficient vector of P(X) = Σ a_i X^i of
/// degree &lt; k, and its codeword is P evaluated on the order-n subgroup ⟨ω_n⟩, listed in bit-reversed order
/// (codeword position j holds P(ω_n^{bitrev(j)})).
/// </summary>
/// <remarks>
/// The order of evaluation points does not change the code's minimum distance d = n − k + 1 (MDS); bit-reversed
/// order is what the decimation-in-frequency NTT produces without a permutation pass. The code is F_p-linear, so a
/// message over the extension F_{p²} is encoded coordinate by coordinate (<see cref="EncodeExt"/>), and encoding
/// commutes with linear combinations with extension-field coefficients.
/// </remarks>
public sealed class ReedSolomonCode
{
    private readonly NttDomain _domain;

    /// <summary>Creates the code with k = 2^<paramref name="messageLogLength"/> and n = 2^(messageLogLength + rateLog).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative argument, or n above 2^30.</exception>
    public ReedSolomonCode(int messageLogLength, int rateLog)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageLogLength);
        ArgumentOutOfRangeException.ThrowIfNegative(rateLog);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageLogLength + rateLog, 30);
        MessageLogLength = messageLogLength;
        RateLog = rateLog;
        _domain = new NttDomain(messageLogLength + rateLog);
    }

    /// <summary>log2 k.</summary>
    public int MessageLogLength { get; }

    /// <summary>log2(1/ρ).</summary>
    public int RateLog { get; }

    /// <summary>k, the message length in field elements.</summary>
    public int MessageLength => 1 << MessageLogLength;

    /// <summary>n, the codeword length in field elements.</summary>
    public int CodewordLength => _domain.Size;

    /// <summary>The evaluation domain (order-n subgroup).</summary>
    public NttDomain Domain => _domain;

    /// <summary>Encodes <paramref name="message"/> (k elements) into <paramref name="codeword"/> (n elements).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Encode(ReadOnlySpan<Goldilocks> message, Span<Goldilocks> codeword)
    {
        if (message.Length != MessageLength) throw new ArgumentException($"RS: message has {message.Length} elements, expected {MessageLength}.", nameof(message));
        if (codeword.Length != CodewordLength) throw new ArgumentException($"RS: codeword has {codeword.Length} elements, expected {CodewordLength}.", nameof(codeword));
        message.CopyTo(codeword);
        _domain.ForwardToBitReversed(codeword, MessageLength);
    }

    /// <summary>Encodes a message over F_{p²} (k elements) coordinate by coordinate; returns the n-element codeword.</summary>
    /// <exception cref="ArgumentException">The message has the wrong length.</exception>
    public GoldilocksExt2[] EncodeExt(ReadOnlySpan<GoldilocksExt2> message)
    {
        if (message.Length != MessageLength) throw new ArgumentException($"RS: message has {message.Length} elements, expected {MessageLength}.", nameof(message));
        var c0 = new Goldilocks[CodewordLength];
        var c1 = new Goldilocks[CodewordLength];
        for (int i = 0; i < message.Length; i++)
        {
            c0[i] = message[i].C0;
            c1[i] = message[i].C1;
        }
        _domain.ForwardToBitReversed(c0, MessageLength);
        _domain.ForwardToBitReversed(c1, MessageLength);
        var result = new GoldilocksExt2[CodewordLength];
        for (int j = 0; j < result.Length; j++) result[j] = new GoldilocksExt2(c0[j], c1[j]);
        return result;
    }
}
