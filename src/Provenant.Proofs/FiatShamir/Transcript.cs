using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.FiatShamir;

/// <summary>
/// A SHA-256 Fiat–Shamir transcript: the prover and the verifier absorb the statement, every commitment and every
/// prover message in the same order, and draw every verifier challenge from the running state, so a challenge
/// depends on everything sent before it.
/// </summary>
/// <remarks>
/// <para>The state is a 32-byte chaining value s. Construction: s₀ = SHA-256("provenant/transcript/v1" ‖ 0x00 ‖
/// u32(|protocol|) ‖ protocol). Absorbing (label, data): s ← SHA-256(s ‖ 0x01 ‖ u32(|label|) ‖ label ‖
/// u64(|data|) ‖ data). Squeezing under a label: blocks b_i = SHA-256(s ‖ 0x02 ‖ u32(|label|) ‖ label ‖ u32(i)) for
/// i = 0, 1, … give the output bytes, then s ← SHA-256(s ‖ 0x03 ‖ u32(|label|) ‖ label ‖ u32(blocks used)), so two
/// squeezes never repeat and every squeeze is itself bound into the state. Integers are little-endian; the
/// length prefixes and distinct tags give domain separation between labels, data and operations.</para>
/// <para>Field challenges use rejection sampling: 8 output bytes as a little-endian integer, redrawn while ≥ p, so
/// they are exactly uniform (the redraw probability is 2^−32 per draw). Index challenges in [0, n) likewise reject
/// values at or above the largest multiple of n below 2^64.</para>
/// </remarks>
public sealed class Transcript
{
    private const string Domain = "provenant/transcript/v1";
    private const byte TagInit = 0x00, TagAbsorb = 0x01, TagSqueeze = 0x02, TagRatchet = 0x03;

    private readonly byte[] _state = new byte[32];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Starts a transcript for one protocol (e.g. "provenant/inference-proof/v1").</summary>
    /// <param name="protocol">The protocol's domain-separation label.</param>
    public Transcript(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        _hash.AppendData(Encoding.UTF8.GetBytes(Domain));
        _hash.AppendData([TagInit]);
        AppendLabel(protocol);
        Finish();
    }

    /// <summary>The current 32-byte chaining value (a digest of everything absorbed and squeezed so far).</summary>
    public ReadOnlySpan<byte> State => _state;

    /// <summary>Absorbs a labelled byte string.</summary>
    public void Absorb(string label, ReadOnlySpan<byte> data)
    {
        Begin(TagAbsorb, label);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)data.Length);
        _hash.AppendData(len);
        _hash.AppendData(data);
        Finish();
    }

    /// <summary>Absorbs a labelled 64-bit unsigned integer (8 bytes little-endian).</summary>
    public void Absorb(string label, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Absorb(label, b);
    }

    /// <summary>Absorbs field elements in their canonical encodings, concatenated under one label.</summary>
    /// <typeparam name="T">The field.</typeparam>
    public void Absorb<T>(string label, ReadOnlySpan<T> elements) where T : struct, IField<T>
    {
        int size = T.EncodedLength;
        byte[] buffer = new byte[checked(elements.Length * size)];
        for (int i = 0; i < elements.Length; i++) elements[i].WriteTo(buffer.AsSpan(i * size, size));
        Absorb(label, buffer);
    }

    /// <summary>Absorbs one field element.</summary>
    /// <typeparam name="T">The field.</typeparam>
    public void Absorb<T>(string label, T element) where T : struct, IField<T> =>
        Absorb(label, new ReadOnlySpan<T>(in element));

    /// <summary>Squeezes <paramref name="destination"/>.Length pseudo-random bytes under a label.</summary>
    public void Squeeze(string label, Span<byte> destination)
    {
        uint block = 0;
        Span<byte> counter = stackalloc byte[4];
        Span<byte> digest = stackalloc byte[32];
        for (int offset = 0; offset < destination.Length; offset += 32, block++)
        {
            Begin(TagSqueeze, label);
            BinaryPrimitives.WriteUInt32LittleEndian(counter, block);
            _hash.AppendData(counter);
            _hash.GetHashAndReset(digest);
            int n = Math.Min(32, destination.Length - offset);
            digest[..n].CopyTo(destination[offset..]);
        }
        Begin(TagRatchet, label);
        BinaryPrimitives.WriteUInt32LittleEndian(counter, block);
        _hash.AppendData(counter);
        Finish();
    }

    /// <summary>A uniformly distributed base-field challenge.</summary>
    public Goldilocks ChallengeBase(string label)
    {
        Span<byte> b = stackalloc byte[8];
        while (true)
        {
            Squeeze(label, b);
            if (Goldilocks.TryRead(b, out var x)) return x;
        }
    }

    /// <summary>A uniformly distributed extension-field challenge (two independent base coordinates).</summary>
    public GoldilocksExt2 ChallengeExt(string label) => new(ChallengeBase(label), ChallengeBase(label));

    /// <summary><paramref name="count"/> independent extension-field challenges.</summary>
    public GoldilocksExt2[] ChallengeExtVector(string label, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var r = new GoldilocksExt2[count];
        for (int i = 0; i < count; i++) r[i] = ChallengeExt(label);
        return r;
    }

    /// <summary>A uniformly distributed integer in [0, <paramref name="bound"/>), e.g. a query position.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is zero.</exception>
    public ulong ChallengeIndex(string label, ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound + 1) % bound; // largest multiple of bound, minus 1
        Span<byte> b = stackalloc byte[8];
        while (true)
        {
            Squeeze(label, b);
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(b);
            if (v <= limit) return v % bound;
        }
    }

    private void Begin(byte tag, string label)
    {
        _hash.AppendData(_state);
        _hash.AppendData([tag]);
        AppendLabel(label);
    }

    private void AppendLabel(string label)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(label);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)bytes.Length);
        _hash.AppendData(len);
        _hash.AppendData(bytes);
    }

    private void Finish() => _hash.GetHashAndReset(_state);
}
