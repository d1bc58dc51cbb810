using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>
/// A labelled classification dataset held in memory (CSV values as float32, IDX pixels as their bytes) with integer class labels, the input of
/// training, calibration and accuracy measurement. Features are the raw values of the file (no scaling): CSV numbers
/// as written, IDX pixels as 0…255; any normalisation belongs to the model.
/// <para>Sources (<see cref="Load"/>):</para>
/// <list type="bullet">
/// <item>a CSV file (<c>.csv</c> or <c>.csv.gz</c>) in scikit-learn's layout: optional header line
/// <c>n_samples,n_features,class names…</c> (recognised when its first two fields are integers and it has a
/// non-numeric field or fewer fields than a row), then one row per sample, the last column the integer label;</item>
/// <item>an IDX pair given by its prefix, e.g. <c>/usr/share/datasets/fashion-mnist/train</c> for
/// <c>train-images-idx3-ubyte[.gz]</c> and <c>train-labels-idx1-ubyte[.gz]</c> (unsigned-byte images and labels).</item>
/// </list>
/// </summary>
public sealed class LabelledDataset
{
    /// <summary>Most samples read from one source.</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>Most features per sample.</summary>
    public const int MaxFeatures = 1 << 20;

    /// <summary>Most classes (labels must lie in 0 … MaxClasses−1).</summary>
    public const int MaxClasses = 65_536;

    private readonly float[]? _features; // CSV: the values as parsed
    private readonly byte[]? _pixels;    // IDX: the unsigned bytes as read, widened per row on use
    private readonly int _pixelOffset;   // row i's bytes start at _pixelOffset + i · _pixelStride
    private readonly int _pixelStride;   // FeatureCount, or a record's length when the rows are kept inside the records
    private float[]? _widened;
    private readonly int[] _labels;

    private LabelledDataset(string source, int[] featureShape, float[]? features, byte[]? pixels, int[] labels, int classCount,
        int pixelOffset = 0, int? pixelStride = null)
    {
        Source = source;
        FeatureShape = featureShape;
        FeatureCount = featureShape.Aggregate(1, (a, b) => a * b);
        _features = features;
        _pixels = pixels;
        _pixelOffset = pixelOffset;
        _pixelStride = pixelStride ?? FeatureCount;
        _labels = labels;
        ClassCount = classCount;
    }

    /// <summary>The file or prefix the samples came from (for messages and reports).</summary>
    public string Source { get; }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Shape of one sample's features: <c>[d]</c> for CSV, the item dimensions (e.g. <c>[28, 28]</c>) for IDX.</summary>
    public IReadOnlyList<int> FeatureShape { get; }

    /// <summary>Features per sample: the product of <see cref="FeatureShape"/>.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes: the largest label + 1, or the class-name count of a scikit-learn header when larger.</summary>
    public int ClassCount { get; }

    /// <summary>All features, row-major: <c>[Count × FeatureCount]</c>. IDX data is kept as bytes and widened to floats
    /// here on first use (4 bytes per value); loops over rows should use <see cref="CopyRow"/>.</summary>
    public ReadOnlySpan<float> Features => _features ?? (_widened ??= Widened());

    /// <summary>All labels, each in 0 … <see cref="ClassCount"/>−1.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The features of sample <paramref name="index"/> (<see cref="FeatureCount"/> values). For IDX data this
    /// widens the row into a new array; hot loops use <see cref="CopyRow"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a sample index.</exception>
    public ReadOnlySpan<float> Row(int index)
    {
        if (_features is not null) return _features.AsSpan(checked(index * FeatureCount), FeatureCount);
        var row = new float[FeatureCount];
        CopyRow(index, row);
        return row;
    }

    /// <summary>Writes the features of sample <paramref name="index"/> into the first <see cref="FeatureCount"/> values
    /// of <paramref name="destination"/> (IDX bytes widened exactly to floats, whatever the SIMD width).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a sample index.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureCount"/>.</exception>
    public void CopyRow(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (destination.Length < FeatureCount) throw new ArgumentException($"the row needs {FeatureCount} values", nameof(destination));
        if (_features is not null) _features.AsSpan(index * FeatureCount, FeatureCount).CopyTo(destination);
        else WidenToSingle(_pixels.AsSpan(_pixelOffset + index * _pixelStride, FeatureCount), destination);
    }

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Samples <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>−1 as a new dataset (copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the dataset.</exception>
    public LabelledDataset Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)count, Count);
        var range = (start * FeatureCount, count * FeatureCount);
        return new LabelledDataset(Source, [.. FeatureShape], _features?.AsSpan(range.Item1, range.Item2).ToArray(),
            _pixels is null ? null : CompactPixels(start, count), _labels.AsSpan(start, count).ToArray(), ClassCount);
    }

    /// <summary>Reads a CSV file or an IDX pair (see the class remarks).</summary>
    /// <param name="source">A <c>.csv</c>/<c>.csv.gz</c> path, or an IDX prefix.</param>
    /// <param name="limit">Read at most this many samples (the first ones); null for all.</param>
    /// <exception cref="FileNotFoundException">Neither a CSV file nor both IDX files exist.</exception>
    /// <exception cref="ProvenantFormatException">A malformed row (message names file, line and column), rows of different
    /// widths, a label that is not an integer in range, non-unsigned-byte IDX data, or more than the limits above.</exception>
    public static LabelledDataset Load(string source, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var max = Math.Min(limit ?? MaxSamples, MaxSamples);
        if (File.Exists(source))
        {
            return LoadCsv(source, max);
        }
        var images = Existing(source + "-images-idx3-ubyte");
        var labels = Existing(source + "-labels-idx1-ubyte");
        if (images is null || labels is null)
        {
            throw new FileNotFoundException($"{source}: expected a CSV file or an IDX prefix with {source}-images-idx3-ubyte[.gz] and {source}-labels-idx1-ubyte[.gz]", source);
        }
        return LoadIdx(images, labels, source, max);
    }

    private static string? Existing(string path) => File.Exists(path) ? path : File.Exists(path + ".gz") ? path + ".gz" : null;

    private static LabelledDataset LoadCsv(string path, int max)
    {
        using var input = DatasetInput.Open(path, path);
        var features = new List<float>();
        var labels = new List<int>();
        var width = -1;
        var headerClasses = 0;
        long lineNo = 0;
        foreach (var raw in BoundedLineReader.ReadLines((b, o) => input.ReadSome(b, o), path))
        {
            lineNo++;
            var line = Encoding.UTF8.GetString(raw.ToArray()).TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split(',');
            if (lineNo == 1 && IsSklearnHeader(fields))
            {
                headerClasses = fields.Length - 2;
                continue;
            }
            if (labels.Count >= max)
            {
                break;
            }
            if (fields.Length < 2 || fields.Length - 1 > MaxFeatures)
            {
                throw new ProvenantFormatException(path, "row", $"2 to {MaxFeatures + 1} comma-separated fields", $"{fields.Length}", lineNo, "line");
            }
            if (width < 0)
            {
                width = fields.Length;
            }
            else if (fields.Length != width)
            {
                throw new ProvenantFormatException(path, "row", $"{width} fields like the first row", $"{fields.Length}", lineNo, "line");
            }
            for (var c = 0; c < fields.Length - 1; c++)
            {
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                {
                    throw new ProvenantFormatException(path, $"column {c + 1}", "a finite number", $"'{Clip(fields[c])}'", lineNo, "line");
                }
                features.Add(v);
            }
            var last = fields[^1];
            if (!int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var label) || label >= MaxClasses)
            {
                throw new ProvenantFormatException(path, $"column {fields.Length} (label)", $"an integer class label in 0…{MaxClasses - 1}", $"'{Clip(last)}'", lineNo, "line");
            }
            labels.Add(label);
        }
        if (labels.Count == 0)
        {
            throw new ProvenantFormatException(path, "rows", "at least one sample row", "none", 0);
        }
        var classes = Math.Max(labels.Max() + 1, headerClasses);
        return new LabelledDataset(path, [width - 1], features.ToArray(), null, labels.ToArray(), classes);
    }

    private static bool IsSklearnHeader(string[] fields) =>
        fields.Length >= 2
        && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && fields.Skip(2).Any(f => !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static LabelledDataset LoadIdx(string imagesPath, string labelsPath, string prefix, int max)
    {
        using var images = DatasetInput.Open(imagesPath, imagesPath);
        using var labelsInput = DatasetInput.Open(labelsPath, labelsPath);
        var imgHeader = PeekHeader(imagesPath);
        if (imgHeader.DataType != 0x08 || imgHeader.Dimensions.Count < 2)
        {
            throw new ProvenantFormatException(imagesPath, "magic", "unsigned-byte (0x08) IDX items of rank ≥ 1", $"type 0x{imgHeader.DataType:X2} with {imgHeader.Dimensions.Count} dimensions", 2);
        }
        var shape = imgHeader.Dimensions.Skip(1).Select(d => checked((int)d)).ToArray();
        var featureCount = (int)imgHeader.ItemSize;
        if (featureCount > MaxFeatures)
        {
            throw new ProvenantFormatException(imagesPath, "dimensions", $"at most {MaxFeatures} values per item", $"{featureCount}", 4);
        }
        var count = (int)Math.Min(imgHeader.ItemCount, (uint)max);
        var records = IdxRecordReader.Read((b, o) => images.ReadSome(b.Span, o), imagesPath, images.PlainLength,
            (b, o) => labelsInput.ReadSome(b.Span, o), labelsPath, labelsInput.PlainLength, CancellationToken.None, reuseRecord: true);
        return FromRecords(prefix, labelsPath, shape, records, count);
    }

    /// <summary>
    /// The dataset <see cref="Load"/> reads from an IDX pair, built from that pair's canonical <c>provenant-idx-v1</c>
    /// records (<see cref="IdxRecordReader"/>) already in memory — e.g. those a verified pass over a committed dataset
    /// yielded — so the files need not be decoded a second time.
    /// </summary>
    /// <param name="source">The prefix the records came from (for <see cref="Source"/> and messages).</param>
    /// <param name="records">Record i at index i, all of one images file.</param>
    /// <param name="limit">Keep at most this many (the first); null for all.</param>
    /// <exception cref="ProvenantFormatException">No records, not unsigned-byte images of rank ≥ 1 with one unsigned-byte
    /// label, records of different layouts, or more than the limits above.</exception>
    public static LabelledDataset FromIdxRecords(string source, IReadOnlyList<byte[]> records, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new ProvenantFormatException(source, "records", "at least one IDX record", "none", 0);
        var shape = ShapeOfRecord(source, records[0]);
        var count = (int)Math.Min(records.Count, Math.Min(limit ?? MaxSamples, MaxSamples));
        return FromRecords(source, source, shape, records.Take(count), count);
    }

    /// <summary>
    /// As <see cref="FromIdxRecords(string, IReadOnlyList{byte[]}, int?)"/>, from records stored back to back in one
    /// buffer (record i at <c>records[i · recordLength ..]</c>), as a verified pass can keep them without an array per record.
    /// The images are not copied: the dataset reads them inside the records' array (from then on the caller must not change
    /// it); a buffer not backed by an array is copied once.
    /// </summary>
    /// <param name="source">The prefix the records came from (for <see cref="Source"/> and messages).</param>
    /// <param name="records">The records, back to back; its length must be a multiple of <paramref name="recordLength"/>.</param>
    /// <param name="recordLength">Bytes per record (every record of one images file has the same length).</param>
    /// <param name="limit">Keep at most this many (the first); null for all.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordLength"/> is not positive.</exception>
    /// <exception cref="ProvenantFormatException">As the other overload, or a length that is not whole records.</exception>
    public static LabelledDataset FromIdxRecords(string source, ReadOnlyMemory<byte> records, int recordLength, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordLength);
        if (records.Length == 0) throw new ProvenantFormatException(source, "records", "at least one IDX record", "none", 0);
        if (records.Length % recordLength != 0)
        {
            throw new ProvenantFormatException(source, "records", $"whole records of {recordLength} bytes", $"{records.Length} bytes", 0);
        }
        var shape = ShapeOfRecord(source, records.Span[..recordLength]);
        var count = (int)Math.Min(records.Length / recordLength, Math.Min(limit ?? MaxSamples, MaxSamples));
        var featureCount = shape.Aggregate(1, (a, b) => a * b);
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = CheckRecord(source, source, shape.Length, featureCount, records.Span.Slice(i * recordLength, recordLength), i);
        // The rows stay where they are inside the records (no copy): row i at 2 + 4·rank + i · recordLength.
        var segment = MemoryMarshal.TryGetArray(records, out var s) ? s : new ArraySegment<byte>(records.ToArray());
        return new LabelledDataset(source, shape, null, segment.Array, labels, labels.Length == 0 ? 0 : labels.Max() + 1,
            segment.Offset + 2 + 4 * shape.Length, recordLength);
    }

    /// <summary>The image shape a record's header declares (type 0x08, rank ≥ 1, each dimension and the product bounded).</summary>
    private static int[] ShapeOfRecord(string source, ReadOnlySpan<byte> first)
    {
        if (first.Length < 2 || first[0] != 0x08 || first[1] < 1 || first.Length < 2 + 4 * first[1])
        {
            throw new ProvenantFormatException(source, "record[0]", "an unsigned-byte (0x08) provenant-idx-v1 record of rank ≥ 1", $"{first.Length} bytes", 0);
        }
        var shape = new int[first[1]];
        for (var d = 0; d < shape.Length; d++)
        {
            var dim = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(first[(2 + 4 * d)..]);
            if (dim == 0 || dim > MaxFeatures) throw new ProvenantFormatException(source, $"record[0].dimensions[{d}]", $"1 to {MaxFeatures}", $"{dim}", 2 + 4 * d);
            shape[d] = (int)dim;
        }
        var features = shape.Aggregate(1L, (a, b) => a * b);
        if (features > MaxFeatures) throw new ProvenantFormatException(source, "record[0].dimensions", $"at most {MaxFeatures} values per item", $"{features}", 2);
        return shape;
    }

    private static (byte[] Pixels, int[] Labels) Allocate(int[] shape, int count) =>
        (GC.AllocateUninitializedArray<byte>(checked(count * shape.Aggregate(1, (a, b) => a * b))), new int[count]);

    private static LabelledDataset FromRecords(string source, string labelsSource, int[] shape, IEnumerable<byte[]> records, int count)
    {
        var (pixels, labels) = Allocate(shape, count);
        var featureCount = shape.Aggregate(1, (a, b) => a * b);
        var i = 0;
        foreach (var record in records)
        {
            if (i == count)
            {
                break;
            }
            CopyRecord(source, labelsSource, shape.Length, featureCount, record, i, pixels, labels);
            i++;
        }
        if (i != count) throw new ProvenantFormatException(source, "records", $"{count} records", $"{i}", 0);
        return new LabelledDataset(source, shape, null, pixels, labels, labels.Length == 0 ? 0 : labels.Max() + 1);
    }

    /// <summary>Checks record <paramref name="i"/> (see <see cref="CheckRecord"/>) and stores its image and label.</summary>
    private static void CopyRecord(string source, string labelsSource, int rank, int featureCount, ReadOnlySpan<byte> record, int i, byte[] pixels, int[] labels)
    {
        labels[i] = CheckRecord(source, labelsSource, rank, featureCount, record, i);
        record.Slice(2 + 4 * rank, featureCount).CopyTo(pixels.AsSpan(i * featureCount, featureCount));
    }

    /// <summary>Checks record <paramref name="i"/>'s layout (rank, image size, label type) and returns its label.</summary>
    private static int CheckRecord(string source, string labelsSource, int rank, int featureCount, ReadOnlySpan<byte> record, int i)
    {
        var prefixBytes = 2 + 4 * rank;
        if (record.Length <= prefixBytes + featureCount || record[0] != 0x08 || record[1] != rank)
        {
            throw new ProvenantFormatException(source, $"record[{i}]", $"an unsigned-byte image of {featureCount} values and a label", $"{record.Length} bytes, type 0x{(record.Length > 0 ? record[0] : 0):X2}", 0);
        }
        var labelType = record[prefixBytes + featureCount];
        if (labelType != 0x08 || record.Length != prefixBytes + featureCount + 2)
        {
            throw new ProvenantFormatException(labelsSource, "magic", "unsigned-byte (0x08) labels", $"type 0x{labelType:X2}", 2);
        }
        return record[^1];
    }

    private float[] Widened()
    {
        var all = new float[Count * FeatureCount];
        for (var i = 0; i < Count; i++) CopyRow(i, all.AsSpan(i * FeatureCount, FeatureCount));
        return all;
    }

    /// <summary>Rows <paramref name="start"/> … +<paramref name="count"/>−1 of the pixels, back to back.</summary>
    private byte[] CompactPixels(int start, int count)
    {
        var pixels = new byte[count * FeatureCount];
        for (var i = 0; i < count; i++) _pixels.AsSpan(_pixelOffset + (start + i) * _pixelStride, FeatureCount).CopyTo(pixels.AsSpan(i * FeatureCount));
        return pixels;
    }

    /// <summary>Converts bytes to floats (exact: every byte value is a float); vectors where the hardware has them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WidenToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<byte>.Count;
            for (; k + lanes <= source.Length; k += lanes)
            {
                Vector.Widen(new Vector<byte>(source[k..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var quarter = lanes / 4;
                Vector.ConvertToSingle(a).CopyTo(destination[k..]);
                Vector.ConvertToSingle(b).CopyTo(destination[(k + quarter)..]);
                Vector.ConvertToSingle(c).CopyTo(destination[(k + 2 * quarter)..]);
                Vector.ConvertToSingle(d).CopyTo(destination[(k + 3 * quarter)..]);
            }
        }
        for (; k < source.Length; k++) destination[k] = source[k];
    }

    private static IdxHeader PeekHeader(string path)
    {
        using var input = DatasetInput.Open(path, path);
        return IdxHeader.Read((b, o) => input.ReadSome(b.Span, o), path, input.PlainLength);
    }
}
