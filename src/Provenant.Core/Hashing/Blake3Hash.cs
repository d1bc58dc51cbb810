using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using K = Provenant.Core.Hashing.Blake3Kernels;

namespace Provenant.Core.Hashing;

/// <summary>
/// BLAKE3, written from the BLAKE3 specification (Aumasson, Neves, O'Connor, Wilcox-O'Hearn, 2020):
/// a 1024-byte-chunk binary hash tree (§2.1) over the 7-round compression function (§2.2),
/// in the three modes of §2.3 (<c>hash</c>, <c>keyed_hash</c>, <c>derive_key</c>), with extendable
/// output (§2.6). The default digest is 32 bytes, equal to the first 32 bytes of the extended output.
/// </summary>
/// <remarks>
/// <para>Incremental: <see cref="Append"/> may be called any number of times with pieces of any size;
/// the digest never depends on the split. Chaining values of finished subtrees are kept on a stack
/// and merged lazily (§5.1.2): a subtree is only merged once more input is known to follow, so the
/// last chunk is always still open when the output is produced.</para>
/// <para>Speed: whenever an <see cref="Append"/> supplies several whole chunks, they are compressed
/// 16 (AVX-512), 8 (AVX2) or 4 (SSSE3) chunks at a time, one per SIMD lane, and the parent nodes
/// of each such aligned subtree are compressed the same way, level by level. The output is
/// bit-for-bit the same on every path. <see cref="Append"/> does not allocate.</para>
/// <para>Not thread-safe; use one instance per thread.</para>
/// </remarks>
public sealed unsafe class Blake3Hash : IStreamingHash
{
    /// <summary>Key length for <see cref="CreateKeyed"/> in bytes (BLAKE3 specification §2.3).</summary>
    public const int KeySize = 32;

    private const int MaxBatchChunks = 256; // chunks hashed as one aligned subtree per step (256 KiB)
    private const int MaxStackDepth = 54;   // 2^54 chunks × 1 KiB = 2^64 bytes (§5.1.2)

    private readonly uint[] _key = new uint[8];
    private readonly uint _flags;

    // Chaining-value stack: entry i is 32 bytes at i·32.
    private readonly byte[] _stack = new byte[(MaxStackDepth + 1) * K.OutLen];
    private int _stackLen;

    // Open chunk state (§5.1.1): chaining value, one buffered block, counts.
    private readonly uint[] _chunkCv = new uint[16]; // words 8..15: scratch for in-place compression
    private readonly byte[] _block = new byte[K.BlockLen];
    private int _blockLen;
    private int _blocksCompressed;
    private ulong _chunkCounter;

    private int _maxLanes = K.HardwareLanes;

    /// <summary>Creates a hasher in the default <c>hash</c> mode (BLAKE3 specification §2.3: key = IV, no mode flag).</summary>
    public Blake3Hash()
        : this(default, 0)
    {
    }

    private Blake3Hash(ReadOnlySpan<uint> key, uint flags)
    {
        if (key.IsEmpty)
        {
            _key[0] = K.IV0; _key[1] = K.IV1; _key[2] = K.IV2; _key[3] = K.IV3;
            _key[4] = K.IV4; _key[5] = K.IV5; _key[6] = K.IV6; _key[7] = K.IV7;
        }
        else
        {
            key.CopyTo(_key);
        }
        _flags = flags;
        Reset();
    }

    /// <inheritdoc />
    public string Name => "blake3";

    /// <inheritdoc />
    public int DigestSize => K.OutLen;

    /// <summary>
    /// Widest SIMD lane count this instance may use: 1 (scalar), 4, 8 or 16; capped at what the CPU
    /// supports (<see cref="SupportedLaneWidths"/>). Only speed depends on it; for tests.
    /// </summary>
    internal int MaxLanes
    {
        get => _maxLanes;
        set
        {
            if (value is not (1 or 4 or 8 or 16)) throw new ArgumentOutOfRangeException(nameof(value), value, "1, 4, 8 or 16");
            _maxLanes = Math.Min(value, K.HardwareLanes);
        }
    }

    /// <summary>The lane widths this machine can run, narrowest first (always starts with 1 = scalar).</summary>
    internal static int[] SupportedLaneWidths => new[] { 1, 4, 8, 16 }.Where(w => w <= K.HardwareLanes).ToArray();

    /// <summary>
    /// Creates a hasher in <c>keyed_hash</c> mode (BLAKE3 specification §2.3): the 32-byte key, read as
    /// eight little-endian words, replaces the IV and every compression sets the KEYED_HASH flag.
    /// Usable as a MAC or PRF.
    /// </summary>
    /// <param name="key">Exactly <see cref="KeySize"/> (32) bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes long.</exception>
    public static Blake3Hash CreateKeyed(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize) throw new ArgumentException($"BLAKE3 keys are {KeySize} bytes, got {key.Length}", nameof(key));
        Span<uint> words = stackalloc uint[8];
        for (int i = 0; i < 8; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        return new Blake3Hash(words, K.KeyedHash);
    }

    /// <summary>
    /// Creates a hasher in <c>derive_key</c> mode (BLAKE3 specification §2.3): the context string (UTF-8)
    /// is hashed with the DERIVE_KEY_CONTEXT flag to a 32-byte context key; the key material then
    /// appended is hashed under that key with the DERIVE_KEY_MATERIAL flag. The context should be
    /// hard-coded, globally unique and application-specific.
    /// </summary>
    /// <param name="context">The context string, e.g. <c>"example.com 2019-12-25 16:18:03 session tokens v1"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static Blake3Hash CreateDeriveKey(string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contextHasher = new Blake3Hash(default, K.DeriveKeyContext);
        contextHasher.Append(System.Text.Encoding.UTF8.GetBytes(context));
        Span<byte> contextKey = stackalloc byte[K.OutLen];
        contextHasher.FinishXof(contextKey);
        Span<uint> words = stackalloc uint[8];
        for (int i = 0; i < 8; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(contextKey[(4 * i)..]);
        return new Blake3Hash(words, K.DeriveKeyMaterial);
    }

    /// <summary>One-shot default-mode BLAKE3 (BLAKE3 specification §2.3 <c>hash</c>): returns the 32-byte digest of <paramref name="data"/>.</summary>
    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        using var hasher = new Blake3Hash();
        hasher.Append(data);
        var digest = new byte[K.OutLen];
        hasher.FinishAndReset(digest);
        return digest;
    }

    /// <summary>Returns the hasher to its just-created state (same mode and key), discarding all input.</summary>
    public void Reset()
    {
        _key.AsSpan().CopyTo(_chunkCv.AsSpan());
        Array.Clear(_block);
        _blockLen = 0;
        _blocksCompressed = 0;
        _chunkCounter = 0;
        _stackLen = 0;
    }

    /// <inheritdoc />
    [SkipLocalsInit]
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        fixed (byte* start = data)
        {
            byte* p = start;
            nint len = data.Length;

            // 1. Top up the open chunk. A full chunk is only closed once more input is known to follow.
            if (_blocksCompressed > 0 || _blockLen > 0)
            {
                int take = (int)Math.Min(K.ChunkLen - ChunkLength, len);
                ChunkUpdate(p, take);
                p += take;
                len -= take;
                if (len == 0) return;
                CloseChunk();
            }

            // 2. Whole chunks while more than one chunk's worth remains (the last chunk stays open):
            //    hash them as aligned power-of-two subtrees, SIMD across chunks and across parents.
            if (len > K.ChunkLen)
            {
                byte* cvs = stackalloc byte[MaxBatchChunks * K.OutLen];
                while (len > K.ChunkLen)
                {
                    long whole = (len - 1) / K.ChunkLen;
                    int batch = (int)Math.Min(whole, MaxBatchChunks);
                    batch = 1 << BitOperations.Log2((uint)batch);
                    while ((_chunkCounter & (ulong)(batch - 1)) != 0) batch >>= 1;
                    HashSubtree(p, batch, cvs);
                    PushCv(cvs, _chunkCounter);
                    _chunkCounter += (ulong)batch;
                    p += batch * K.ChunkLen;
                    len -= batch * K.ChunkLen;
                }
            }

            // 3. The rest (1..1024 bytes) opens the next chunk. Now that the stack is known not to hold
            //    the last subtree, merge every completed pair (the fold in FinishXof relies on it).
            ChunkUpdate(p, (int)len);
            MergeStack(_chunkCounter);
        }
    }

    /// <summary>
    /// Writes the extendable output (BLAKE3 specification §2.6) of everything appended so far into
    /// <paramref name="output"/>, any length (0 to 2^64 bytes in principle): the root node is compressed
    /// with output block counters 0, 1, 2, … and the 64-byte results concatenated. The first 32 bytes
    /// equal the default digest; a shorter output is a prefix of a longer one.
    /// Does NOT reset: more input may be appended afterwards and the output asked for again.
    /// </summary>
    /// <param name="output">Destination; its length is the number of output bytes.</param>
    public void FinishXof(Span<byte> output)
    {
        if (output.IsEmpty) return;
        uint* inputCv = stackalloc uint[8];
        byte* block = stackalloc byte[K.BlockLen];
        uint* words = stackalloc uint[16];

        // The open chunk is the rightmost leaf (§2.1, §5.1.2).
        for (int i = 0; i < 8; i++) inputCv[i] = _chunkCv[i];
        new ReadOnlySpan<byte>(_block).CopyTo(new Span<byte>(block, K.BlockLen));
        uint blockLen = (uint)_blockLen;
        ulong counter = _chunkCounter;
        uint flags = _flags | K.ChunkEnd | (_blocksCompressed == 0 ? K.ChunkStart : 0);

        // Fold the stack from the top: each step turns the current output node into a chaining value
        // and makes it the right child of a parent whose left child is the stack entry.
        fixed (uint* key = _key)
        fixed (byte* stack = _stack)
        {
            for (int s = _stackLen - 1; s >= 0; s--)
            {
                K.Compress(inputCv, block, counter, blockLen, flags, words);
                new ReadOnlySpan<byte>(stack + s * K.OutLen, K.OutLen).CopyTo(new Span<byte>(block, K.OutLen));
                for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(block + 32 + 4 * i, 4), words[i]);
                for (int i = 0; i < 8; i++) inputCv[i] = key[i];
                blockLen = K.BlockLen;
                counter = 0;
                flags = _flags | K.Parent;
            }
        }

        // Root output blocks (§2.6).
        ulong outputBlock = 0;
        while (!output.IsEmpty)
        {
            K.Compress(inputCv, block, outputBlock++, blockLen, flags | K.Root, words);
            int n = Math.Min(64, output.Length);
            for (int i = 0; i < n; i += 4)
            {
                uint w = words[i / 4];
                if (n - i >= 4)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(output[i..], w);
                }
                else
                {
                    for (int b = 0; b < n - i; b++) output[i + b] = (byte)(w >> (8 * b));
                }
            }
            output = output[n..];
        }
    }

    /// <summary>Writes the 32-byte BLAKE3 digest (BLAKE3 specification §2.6, first 32 output bytes) and resets.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not 32 bytes long.</exception>
    public void FinishAndReset(Span<byte> destination)
    {
        if (destination.Length != K.OutLen) throw new ArgumentException($"BLAKE3 digest needs {K.OutLen} bytes, got {destination.Length}", nameof(destination));
        FinishXof(destination);
        Reset();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private int ChunkLength => _blocksCompressed * K.BlockLen + _blockLen;

    /// <summary>Absorbs up to the rest of the open chunk; the last block stays buffered (it may need CHUNK_END/ROOT).</summary>
    private void ChunkUpdate(byte* p, int len)
    {
        fixed (uint* cv = _chunkCv)
        fixed (byte* block = _block)
        {
            while (len > 0)
            {
                if (_blockLen == K.BlockLen)
                {
                    uint flags = _flags | (_blocksCompressed == 0 ? K.ChunkStart : 0);
                    K.Compress(cv, block, _chunkCounter, K.BlockLen, flags, cv);
                    _blocksCompressed++;
                    _blockLen = 0;
                    new Span<byte>(block, K.BlockLen).Clear();
                }
                int take = Math.Min(K.BlockLen - _blockLen, len);
                new ReadOnlySpan<byte>(p, take).CopyTo(new Span<byte>(block + _blockLen, take));
                _blockLen += take;
                p += take;
                len -= take;
            }
        }
    }

    /// <summary>Closes the open (full) chunk — more input follows — pushes its chaining value and opens the next.</summary>
    private void CloseChunk()
    {
        byte* cvBytes = stackalloc byte[K.OutLen];
        uint* words = stackalloc uint[16];
        fixed (uint* cv = _chunkCv)
        fixed (byte* block = _block)
        {
            uint flags = _flags | K.ChunkEnd | (_blocksCompressed == 0 ? K.ChunkStart : 0);
            K.Compress(cv, block, _chunkCounter, (uint)_blockLen, flags, words);
        }
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(cvBytes + 4 * i, 4), words[i]);
        PushCv(cvBytes, _chunkCounter);
        _chunkCounter++;
        _key.AsSpan().CopyTo(_chunkCv.AsSpan());
        Array.Clear(_block);
        _blockLen = 0;
        _blocksCompressed = 0;
    }

    /// <summary>
    /// Hashes <paramref name="chunks"/> (a power of two, aligned at the current chunk counter) whole chunks
    /// at <paramref name="input"/> into one non-root subtree chaining value at <paramref name="cvs"/>[0..32].
    /// </summary>
    private void HashSubtree(byte* input, int chunks, byte* cvs)
    {
        fixed (uint* key = _key)
        {
            K.HashMany(input, K.ChunkLen, chunks, K.ChunkLen / K.BlockLen, key, _chunkCounter, true,
                _flags, K.ChunkStart, K.ChunkEnd, cvs, _maxLanes);
            for (int n = chunks / 2; n >= 1; n /= 2)
            {
                K.HashMany(cvs, K.BlockLen, n, 1, key, 0, false, _flags | K.Parent, 0, 0, cvs, _maxLanes);
            }
        }
    }

    /// <summary>
    /// Pushes the chaining value of a subtree that starts at chunk <paramref name="chunkCounter"/>, first
    /// merging completed subtrees: after the merge the stack holds popcount(chunkCounter) entries (§5.1.2).
    /// </summary>
    private void PushCv(byte* cv, ulong chunkCounter)
    {
        MergeStack(chunkCounter);
        new ReadOnlySpan<byte>(cv, K.OutLen).CopyTo(_stack.AsSpan(_stackLen * K.OutLen, K.OutLen));
        _stackLen++;
    }

    /// <summary>
    /// Merges the top pairs of the stack until it holds popcount(<paramref name="chunkCounter"/>) entries,
    /// one per completed subtree of the first <paramref name="chunkCounter"/> chunks (§5.1.2). Only called once
    /// more input is known to follow those chunks, so none of these parents is the root.
    /// </summary>
    private void MergeStack(ulong chunkCounter)
    {
        int target = BitOperations.PopCount(chunkCounter);
        if (_stackLen <= target) return;
        fixed (byte* stack = _stack)
        fixed (uint* key = _key)
        {
            uint* words = stackalloc uint[16];
            while (_stackLen > target)
            {
                // Entries _stackLen-2 and _stackLen-1 are adjacent: together one 64-byte parent block.
                byte* parentBlock = stack + (_stackLen - 2) * K.OutLen;
                K.Compress(key, parentBlock, 0, K.BlockLen, _flags | K.Parent, words);
                for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(parentBlock + 4 * i, 4), words[i]);
                _stackLen--;
            }
        }
    }
}
