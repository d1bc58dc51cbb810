using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;

namespace Provenant.Formats.Safetensors;

/// <summary>
/// A validated safetensors file (format: huggingface/safetensors README, "Format"; validation: the reference
/// implementation's <c>SafeTensors::read_metadata</c> and <c>Metadata::validate</c> in <c>safetensors/src/tensor.rs</c>):
/// <code>
/// u64 N (little-endian)          header length in bytes, N ≤ 100 000 000 and 8 + N ≤ file length
/// N bytes of UTF-8 JSON          starting with '{' (trailing spaces allowed): see SafetensorsHeaderParser
/// byte buffer                    the rest of the file; tensors' data_offsets are relative to its start
/// </code>
/// Tensors sorted by <c>data_offsets</c> must tile the buffer exactly: the first begins at 0, each begins where the
/// previous ends, the last ends at the end of the file, and each is <c>product(shape) × bits(dtype) / 8</c> bytes
/// (products checked for overflow, a fractional byte count rejected). Tensor data are read on demand with positional
/// reads; only the header is loaded.
/// </summary>
public sealed class SafetensorsFile : ITensorSource
{
    /// <summary>Largest header accepted, as in the reference implementation (<c>MAX_HEADER_SIZE</c>).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly TensorFile _file;
    private readonly Dictionary<string, TensorInfo> _byName;

    private SafetensorsFile(TensorFile file, long headerLength, IReadOnlyList<KeyValuePair<string, string>> metadata, IReadOnlyList<TensorInfo> tensors)
    {
        _file = file;
        HeaderLength = headerLength;
        StringMetadata = metadata;
        Tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Format => "safetensors";

    /// <inheritdoc />
    public string Path => _file.Path;

    /// <inheritdoc />
    public long FileLength => _file.Length;

    /// <summary>N, the header's length in bytes.</summary>
    public long HeaderLength { get; }

    /// <summary>File offset of the byte buffer (8 + N).</summary>
    public long DataOffset => 8 + HeaderLength;

    /// <summary>The <c>__metadata__</c> entries in file order (empty when absent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StringMetadata { get; }

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> Details =>
    [
        new("header bytes", HeaderLength.ToString(CultureInfo.InvariantCulture)),
        new("data offset", DataOffset.ToString(CultureInfo.InvariantCulture)),
        new("data bytes", (FileLength - DataOffset).ToString(CultureInfo.InvariantCulture)),
    ];

    /// <inheritdoc />
    public IReadOnlyList<MetadataEntry> Metadata => StringMetadata.Select(kv => new MetadataEntry(kv.Key, "string", JsonValue.Create(kv.Value))).ToList();

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantFormatException">The file breaks a rule in the type summary; the message names the
    /// field, the file offset and what was expected.</exception>
    /// <exception cref="ProvenantException">The file does not exist or cannot be read.</exception>
    public static SafetensorsFile Open(string path)
    {
        var file = new TensorFile(path);
        try
        {
            var (headerLength, metadata, tensors) = Validate(file);
            return new SafetensorsFile(file, headerLength, metadata, tensors);
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

    private static (long HeaderLength, List<KeyValuePair<string, string>> Metadata, List<TensorInfo> Tensors) Validate(TensorFile file)
    {
        var path = file.Path;
        if (file.Length < 8)
        {
            throw new ProvenantFormatException(path, "header length", "an 8-byte little-endian header length", $"a {file.Length}-byte file", 0);
        }
        Span<byte> prefix = stackalloc byte[8];
        file.ReadExactly(prefix, 0, "header length");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderBytes)
        {
            throw new ProvenantFormatException(path, "header length", $"at most {MaxHeaderBytes} bytes", n.ToString(CultureInfo.InvariantCulture), 0);
        }
        if (n > (ulong)(file.Length - 8))
        {
            throw new ProvenantFormatException(path, "header length", $"at most {file.Length - 8} bytes (the rest of the file)", n.ToString(CultureInfo.InvariantCulture), 0);
        }
        var headerLength = (long)n;
        var header = ArrayPool<byte>.Shared.Rent((int)headerLength);
        try
        {
            var span = header.AsSpan(0, (int)headerLength);
            file.ReadExactly(span, 8, "header");
            if (!Utf8.IsValid(span))
            {
                throw new ProvenantFormatException(path, "header", "valid UTF-8", "an invalid byte sequence", 8 + FirstInvalidUtf8(span));
            }
            if (span.Length == 0 || span[0] != (byte)'{')
            {
                throw new ProvenantFormatException(path, "header", "a JSON object starting with '{'", span.Length == 0 ? "an empty header" : $"byte 0x{span[0]:x2}", 8);
            }
            var (metadata, entries) = SafetensorsHeaderParser.Parse(span, 8, path);
            var tensors = Layout(entries, file.Length - 8 - headerLength, 8 + headerLength, path);
            return (headerLength, metadata, tensors);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <summary>Checks dtypes, sizes and that the tensors tile the buffer; returns them in data order.</summary>
    private static List<TensorInfo> Layout(List<SafetensorsHeaderEntry> entries, long bufferLength, long dataOffset, string path)
    {
        entries.Sort((a, b) =>
        {
            var c = a.Begin.CompareTo(b.Begin);
            if (c == 0) c = a.End.CompareTo(b.End);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        var tensors = new List<TensorInfo>(entries.Count);
        ulong start = 0;
        string? previous = null;
        foreach (var e in entries)
        {
            var field = $"tensor \"{SafetensorsHeaderParser.Short(e.Name)}\"";
            if (!SafetensorsDType.TryGetBits(e.DType, out var bits))
            {
                throw new ProvenantFormatException(path, field + ".dtype", "one of " + string.Join(", ", SafetensorsDType.Names), $"\"{SafetensorsHeaderParser.Short(e.DType)}\"", e.HeaderOffset);
            }
            if (e.End < e.Begin)
            {
                throw new ProvenantFormatException(path, field + ".data_offsets", "end ≥ begin", $"[{e.Begin}, {e.End}]", e.HeaderOffset);
            }
            if (e.Begin != start)
            {
                var what = e.Begin < start
                    ? $"begin {e.Begin}, overlapping \"{previous}\" which ends at {start}"
                    : $"begin {e.Begin}, leaving a gap of {e.Begin - start} bytes after {(previous is null ? "the start of the buffer" : $"\"{previous}\"")}";
                throw new ProvenantFormatException(path, field + ".data_offsets", $"begin {start} (tensors must tile the byte buffer without gaps or overlaps)", what, e.HeaderOffset);
            }
            var size = ByteSize(e, bits, path, field);
            if (e.End - e.Begin != size)
            {
                throw new ProvenantFormatException(path, field + ".data_offsets",
                    $"{size} bytes ({e.DType} × [{string.Join(", ", e.Shape)}])", $"{e.End - e.Begin} bytes [{e.Begin}, {e.End})", e.HeaderOffset);
            }
            start = e.End;
            previous = SafetensorsHeaderParser.Short(e.Name);
            if ((ulong)bufferLength < e.End)
            {
                throw new ProvenantFormatException(path, field + ".data_offsets", $"end ≤ {bufferLength} (the byte buffer's length)", e.End.ToString(CultureInfo.InvariantCulture), e.HeaderOffset);
            }
            tensors.Add(new TensorInfo(e.Name, e.DType, e.Shape, (long)size, dataOffset + (long)e.Begin));
        }
        if (start != (ulong)bufferLength)
        {
            throw new ProvenantFormatException(path, "data_offsets", $"tensors covering the whole byte buffer of {bufferLength} bytes",
                $"they end at {start}, leaving {(ulong)bufferLength - start} bytes unaccounted for", dataOffset + (long)start);
        }
        return tensors;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length && Rune.DecodeFromUtf8(bytes[i..], out _, out var used) == OperationStatus.Done) i += used;
        return i;
    }

    /// <summary>product(shape) × bits / 8 with overflow checks (the reference's ValidationOverflow / MisalignedSlice).</summary>
    private static ulong ByteSize(SafetensorsHeaderEntry e, int bits, string path, string field)
    {
        try
        {
            ulong elements = 1;
            foreach (var d in e.Shape) elements = checked(elements * (ulong)d);
            var totalBits = checked(elements * (ulong)bits);
            if (totalBits % 8 != 0)
            {
                throw new ProvenantFormatException(path, field + ".shape", $"a whole number of bytes ({e.DType} is {bits} bits per element)", $"{elements} elements = {totalBits} bits", e.HeaderOffset);
            }
            return totalBits / 8;
        }
        catch (OverflowException)
        {
            throw new ProvenantFormatException(path, field + ".shape", "a byte size below 2^64", $"[{string.Join(", ", e.Shape)}] × {bits} bits overflows", e.HeaderOffset);
        }
    }
}
