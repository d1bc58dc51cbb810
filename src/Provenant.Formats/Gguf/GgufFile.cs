using System.Globalization;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;

namespace Provenant.Formats.Gguf;

/// <summary>
/// A validated GGUF v2 or v3 file (little-endian), as specified in ggml-org/ggml docs/gguf.md ("File Structure"):
/// <code>
/// magic "GGUF" | u32 version (2 or 3) | u64 tensor_count | u64 metadata_kv_count
/// metadata_kv[metadata_kv_count]     key (gguf_string_t, ASCII), u32 value type, value (arrays may nest)
/// tensor_info[tensor_count]          name (≤ 64 bytes), u32 n_dims (≤ 4), u64 ne[n_dims], u32 ggml_type, u64 offset
/// padding to ALIGNMENT               ALIGNMENT = general.alignment (u32, a power of two) or 32
/// tensor data                        each tensor at data_start + offset, offset a multiple of ALIGNMENT
/// </code>
/// Validation: every count and string length is checked against the bytes left before allocating; keys and tensor
/// names are unique; every ggml type is known (<see cref="GgmlTypes"/>) and <c>ne[0]</c> a multiple of its block size;
/// element and byte counts do not overflow; each tensor lies inside the file and no two tensors overlap.
/// Only the header is read when opening; tensor data are read on demand.
/// </summary>
public sealed class GgufFile : ITensorSource
{
    /// <summary>The magic bytes "GGUF".</summary>
    public static ReadOnlySpan<byte> Magic => "GGUF"u8;

    private readonly TensorFile _file;
    private readonly Dictionary<string, TensorInfo> _byName;

    private GgufFile(TensorFile file, uint version, uint alignment, long dataOffset, IReadOnlyList<GgufMetadataEntry> entries,
        IReadOnlyList<GgufTensorInfo> tensorInfos)
    {
        _file = file;
        Version = version;
        Alignment = alignment;
        DataOffset = dataOffset;
        Entries = entries;
        TensorInfos = tensorInfos;
        Tensors = tensorInfos.Select(t => new TensorInfo(t.Name, t.Type.Name, t.Dimensions.Reverse().Select(d => (long)d).ToArray(), t.ByteLength, t.FileOffset)).ToList();
        _byName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>The global alignment (<c>general.alignment</c> or 32).</summary>
    public uint Alignment { get; }

    /// <summary>File offset of the tensor data section (the end of the tensor infos, aligned).</summary>
    public long DataOffset { get; }

    /// <summary>The metadata key/value pairs in file order, with typed values.</summary>
    public IReadOnlyList<GgufMetadataEntry> Entries { get; }

    /// <summary>The tensor infos in file order, dimensions as stored (<c>ne[0]</c> first).</summary>
    public IReadOnlyList<GgufTensorInfo> TensorInfos { get; }

    /// <inheritdoc />
    public string Format => "gguf";

    /// <inheritdoc />
    public string Path => _file.Path;

    /// <inheritdoc />
    public long FileLength => _file.Length;

    /// <summary>The tensors, shapes reversed to row-major order (outermost first, as gguf-py's reader and numpy see
    /// them); <see cref="TensorInfos"/> keeps the stored order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> Details =>
    [
        new("version", Version.ToString(CultureInfo.InvariantCulture)),
        new("alignment", Alignment.ToString(CultureInfo.InvariantCulture)),
        new("data offset", DataOffset.ToString(CultureInfo.InvariantCulture)),
        new("metadata entries", Entries.Count.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <inheritdoc />
    public IReadOnlyList<MetadataEntry> Metadata => Entries.Select(e => new MetadataEntry(e.Key, GgufJson.TypeName(e.Type, e.Value), GgufJson.ToJson(e.Value))).ToList();

    /// <summary>The value of metadata key <paramref name="key"/>, or null.</summary>
    public object? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantFormatException">The file breaks a rule in the type summary; the message names the field,
    /// the file offset and what was expected.</exception>
    /// <exception cref="ProvenantException">The file does not exist or cannot be read.</exception>
    public static GgufFile Open(string path)
    {
        var file = new TensorFile(path);
        try
        {
            return Read(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Stream OpenTensor(TensorInfo tensor) => _file.OpenTensor(_byName, tensor);

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static GgufFile Read(TensorFile file)
    {
        var c = new GgufCursor(file);
        Span<byte> magic = stackalloc byte[4];
        if (file.Length < 4) throw c.Fail("magic", "\"GGUF\" (47 47 55 46)", $"a {file.Length}-byte file", 0);
        c.Read(magic, "magic");
        if (!magic.SequenceEqual(Magic)) throw c.Fail("magic", "\"GGUF\" (47 47 55 46)", Convert.ToHexString(magic), 0);
        var version = c.U32("version");
        if (version is not (2 or 3))
        {
            var swapped = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(version);
            var hint = swapped is 2 or 3 ? $"{version} (a big-endian file, which is not supported)" : version == 1 ? "1 (GGUF v1, which is not supported)" : version.ToString(CultureInfo.InvariantCulture);
            throw c.Fail("version", "2 or 3", hint, 4);
        }
        var tensorCount = c.U64("tensor_count");
        var kvCount = c.U64("metadata_kv_count");
        // Smallest metadata pair: 8-byte key length + 4-byte type + 1-byte value; smallest tensor info: 8 + 4 + 4 + 8.
        c.RequireRoom(kvCount, 13, "metadata_kv_count", 16);
        c.RequireRoom(tensorCount, 24, "tensor_count", 8);

        var entries = ReadMetadata(c, (int)kvCount);
        var alignment = ReadAlignment(c, entries);
        c.RequireRoom(tensorCount, 24, "tensor_count", 8);
        var infos = ReadTensorInfos(c, (int)tensorCount);
        var dataOffset = AlignUp(c.Position, alignment);
        return new GgufFile(file, version, alignment, dataOffset, entries, Place(c, infos, alignment, dataOffset, file.Length));
    }

    private static List<GgufMetadataEntry> ReadMetadata(GgufCursor c, int count)
    {
        var entries = new List<GgufMetadataEntry>(count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var at = c.Position;
            var key = c.String($"metadata[{i}].key", GgufLimits.MaxKeyBytes);
            if (key.Length == 0 || key.Any(ch => ch > 0x7e || ch < 0x20))
            {
                throw c.Fail($"metadata[{i}].key", "a non-empty printable ASCII key", $"\"{Shorten(key)}\"", at);
            }
            if (!keys.Add(key)) throw c.Fail($"metadata key \"{key}\"", "unique keys", "a duplicate key", at);
            var type = GgufValueReader.ReadType(c, $"metadata \"{key}\" type");
            var value = GgufValueReader.Read(c, type, $"metadata \"{key}\"", 0);
            entries.Add(new GgufMetadataEntry(key, type, value, at));
        }
        return entries;
    }

    private static uint ReadAlignment(GgufCursor c, List<GgufMetadataEntry> entries)
    {
        var e = entries.FirstOrDefault(x => x.Key == "general.alignment");
        if (e is null) return GgufLimits.DefaultAlignment;
        if (e.Value is not uint a || a == 0 || (a & (a - 1)) != 0)
        {
            throw c.Fail("general.alignment", "a uint32 power of two", $"{GgufJson.TypeName(e.Type, e.Value)} {e.Value}", e.FileOffset);
        }
        return a;
    }

    private static List<(GgufTensorInfo Info, long OffsetAt)> ReadTensorInfos(GgufCursor c, int count)
    {
        var infos = new List<(GgufTensorInfo, long)>(count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var at = c.Position;
            var name = c.String($"tensor_info[{i}].name", GgufLimits.MaxTensorNameBytes);
            if (!names.Add(name)) throw c.Fail($"tensor \"{name}\"", "unique tensor names", "a duplicate name", at);
            var field = $"tensor \"{name}\"";
            var dimsAt = c.Position;
            var nDims = c.U32(field + " n_dims");
            if (nDims > GgufLimits.MaxDimensions)
            {
                throw c.Fail(field + " n_dims", $"at most {GgufLimits.MaxDimensions}", nDims.ToString(CultureInfo.InvariantCulture), dimsAt);
            }
            var dims = new ulong[nDims];
            for (var d = 0; d < dims.Length; d++)
            {
                var dAt = c.Position;
                dims[d] = c.U64($"{field} ne[{d}]");
                if (dims[d] > long.MaxValue) throw c.Fail($"{field} ne[{d}]", $"at most {long.MaxValue}", dims[d].ToString(CultureInfo.InvariantCulture), dAt);
            }
            var typeAt = c.Position;
            var typeId = c.U32(field + " type");
            if (!GgmlTypes.TryGet(typeId, out var type))
            {
                throw c.Fail(field + " type", "a known ggml_type (0-3, 6-30, 34, 35, 39-41)", typeId.ToString(CultureInfo.InvariantCulture), typeAt);
            }
            var (elements, bytes) = Size(c, field, dims, type, dimsAt);
            var offsetAt = c.Position;
            var offset = c.U64(field + " offset");
            infos.Add((new GgufTensorInfo(name, dims, type, offset, 0, elements, bytes, at), offsetAt));
        }
        return infos;
    }

    /// <summary>Element count and byte size (ggml_nbytes for a contiguous tensor), with overflow checks.</summary>
    private static (long Elements, long Bytes) Size(GgufCursor c, string field, ulong[] dims, GgmlTypeInfo type, long at)
    {
        var ne0 = dims.Length > 0 ? dims[0] : 1;
        if (ne0 % (ulong)type.BlockSize != 0)
        {
            throw c.Fail(field + " ne[0]", $"a multiple of {type.Name}'s block size {type.BlockSize}", ne0.ToString(CultureInfo.InvariantCulture), at);
        }
        try
        {
            long elements = 1;
            foreach (var d in dims) elements = checked(elements * (long)d);
            var bytes = checked((long)(ne0 / (ulong)type.BlockSize) * type.TypeSize);
            for (var d = 1; d < dims.Length; d++) bytes = checked(bytes * (long)dims[d]);
            return (elements, bytes);
        }
        catch (OverflowException)
        {
            throw c.Fail(field + " dimensions", "an element count and byte size below 2^63", "[" + string.Join(", ", dims) + "] overflows", at);
        }
    }

    /// <summary>Checks alignment, bounds and overlap of the data ranges and fixes the absolute offsets.</summary>
    private static List<GgufTensorInfo> Place(GgufCursor c, List<(GgufTensorInfo Info, long OffsetAt)> infos, uint alignment, long dataOffset, long fileLength)
    {
        var placed = new List<GgufTensorInfo>(infos.Count);
        foreach (var (t, offsetAt) in infos)
        {
            var field = $"tensor \"{t.Name}\" offset";
            if (t.Offset % alignment != 0)
            {
                throw c.Fail(field, $"a multiple of the alignment {alignment}", t.Offset.ToString(CultureInfo.InvariantCulture), offsetAt);
            }
            if (t.Offset > (ulong)Math.Max(0, fileLength - dataOffset) || (ulong)t.ByteLength > (ulong)(fileLength - dataOffset) - t.Offset)
            {
                throw c.Fail(field, $"data inside the file: data section starts at {dataOffset}, file is {fileLength} bytes",
                    $"offset {t.Offset} + {t.ByteLength} bytes, ending past the end of the file", offsetAt);
            }
            placed.Add(t with { FileOffset = dataOffset + (long)t.Offset });
        }
        var byStart = placed.Select((t, i) => (t, i)).OrderBy(x => x.t.FileOffset).ThenBy(x => x.t.ByteLength).ToList();
        for (var k = 1; k < byStart.Count; k++)
        {
            var (prev, _) = byStart[k - 1];
            var (cur, i) = byStart[k];
            if (cur.FileOffset < prev.FileOffset + prev.ByteLength)
            {
                throw c.Fail($"tensor \"{cur.Name}\" offset", $"data not overlapping \"{prev.Name}\" (offsets {prev.Offset} to {prev.Offset + (ulong)prev.ByteLength})",
                    cur.Offset.ToString(CultureInfo.InvariantCulture), infos[i].OffsetAt);
            }
        }
        return placed;
    }

    private static long AlignUp(long position, uint alignment) => position + (alignment - position % alignment) % alignment;

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
