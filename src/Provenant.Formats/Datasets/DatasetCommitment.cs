using Provenant.Core.IO;
using System.Globalization;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Formats.Datasets;

/// <summary>
/// A dataset commitment: an RFC 9162 Merkle root over the dataset's records (each leaf
/// <c>SHA-256(0x00 ‖ canonical record bytes)</c>), the record count and every input file's SHA-256.
/// Serialized as an in-toto Statement v1 with predicate type <see cref="PredicateType"/> (docs/dataset-commitments.md).
/// </summary>
public sealed record DatasetCommitment
{
    /// <summary>in-toto Statement v1 <c>_type</c>.</summary>
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>The predicate type of dataset commitments.</summary>
    public const string PredicateType = "https://provenant.dev/dataset-commitment/v1";

    /// <summary>The <c>recordsRoot.algorithm</c> value: RFC 9162 Merkle Tree Hash with SHA-256.</summary>
    public const string RootAlgorithm = "rfc9162-sha256";

    /// <summary>Most records a commitment may claim (2^53, the exact-integer range of JSON numbers in I-JSON).</summary>
    public const long MaxRecordCount = 1L << 53;

    /// <summary>Dataset name (Croissant <c>name</c>), 1 to <see cref="DatasetLimits.MaxNameLength"/> characters.</summary>
    public required string Name { get; init; }

    /// <summary>License, an SPDX id or URL (Croissant <c>license</c>); null when not given.</summary>
    public string? License { get; init; }

    /// <summary>How the data was split into records.</summary>
    public required DatasetFormat Format { get; init; }

    /// <summary>Id and version of the record byte encoding, e.g. <c>provenant-csv-v1</c>.</summary>
    public required string CanonicalForm { get; init; }

    /// <summary>CSV only: rows skipped as headers before the first record (0 otherwise).</summary>
    public int HeaderRows { get; init; }

    /// <summary>Number of records (leaves), 0 to <see cref="MaxRecordCount"/>.</summary>
    public required long RecordCount { get; init; }

    /// <summary>RFC 9162 root over the record leaf hashes (32 bytes; SHA-256 of the empty string for no records).</summary>
    public required byte[] RecordsRoot { get; init; }

    /// <summary>Every input file, sorted by <see cref="PosixPathOrder"/>.</summary>
    public required IReadOnlyList<DatasetFileEntry> Files { get; init; }

    /// <summary>The sorted exclusion index's root and leaf count (<c>predicate.exclusionIndex</c>); null in commitments
    /// written before the index existed, which therefore cannot back exclusion proofs.</summary>
    public ExclusionIndexRoot? ExclusionIndex { get; init; }

    /// <summary>Absolute path the dataset was read from (file or folder); used to re-read it for proofs. Null when unknown.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The records root as lower-case hex.</summary>
    public string RecordsRootHex => Hex.Encode(RecordsRoot);

    /// <summary>
    /// The in-toto Statement v1: <c>subject</c> = one entry per file (<c>name</c> = relative path,
    /// <c>digest.sha256</c>), <c>predicate</c> = Croissant-named fields (<c>name</c>, <c>license</c>,
    /// <c>distribution</c> of <c>cr:FileObject</c>) plus <c>format</c>, <c>canonicalForm</c>, <c>headerRows</c> (CSV),
    /// <c>recordCount</c>, <c>recordsRoot</c> {<c>algorithm</c>, <c>hex</c>} and <c>sourcePath</c>.
    /// </summary>
    public JsonObject ToStatement()
    {
        var subject = new JsonArray();
        var distribution = new JsonArray();
        foreach (var f in Files)
        {
            subject.Add(new JsonObject { ["name"] = f.Path, ["digest"] = new JsonObject { ["sha256"] = f.Sha256 } });
            distribution.Add(new JsonObject
            {
                ["@type"] = "cr:FileObject",
                ["@id"] = f.Path,
                ["name"] = f.Path,
                ["contentUrl"] = f.Path,
                ["contentSize"] = f.Size.ToString(CultureInfo.InvariantCulture) + " B",
                ["encodingFormat"] = EncodingFormatOf(f.Path),
                ["sha256"] = f.Sha256,
            });
        }
        var predicate = new JsonObject { ["@type"] = "sc:Dataset", ["name"] = Name };
        if (License is not null) predicate["license"] = License;
        predicate["distribution"] = distribution;
        predicate["format"] = DatasetFormats.ToName(Format);
        predicate["canonicalForm"] = CanonicalForm;
        if (Format == DatasetFormat.Csv) predicate["headerRows"] = HeaderRows;
        predicate["recordCount"] = RecordCount;
        predicate["recordsRoot"] = new JsonObject { ["algorithm"] = RootAlgorithm, ["hex"] = RecordsRootHex };
        if (ExclusionIndex is { } x)
        {
            predicate["exclusionIndex"] = new JsonObject { ["algorithm"] = ExclusionIndexRoot.Algorithm, ["hex"] = x.RootHex, ["leafCount"] = x.LeafCount };
        }
        if (SourcePath is not null) predicate["sourcePath"] = SourcePath;
        return new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = subject,
            ["predicateType"] = PredicateType,
            ["predicate"] = predicate,
        };
    }

    /// <summary>The Croissant <c>encodingFormat</c> (MIME type) written for a file name.</summary>
    public static string EncodingFormatOf(string path)
    {
        var p = path.ToLowerInvariant();
        if (p.EndsWith(".gz", StringComparison.Ordinal)) return "application/gzip";
        if (p.EndsWith(".csv", StringComparison.Ordinal)) return "text/csv";
        if (p.EndsWith(".jsonl", StringComparison.Ordinal) || p.EndsWith(".ndjson", StringComparison.Ordinal)) return "application/jsonl";
        if (p.EndsWith(".json", StringComparison.Ordinal)) return "application/json";
        if (p.EndsWith(".txt", StringComparison.Ordinal)) return "text/plain";
        return "application/octet-stream";
    }

    /// <summary>Parses and validates a statement written by <see cref="ToStatement"/>.</summary>
    /// <param name="statement">The statement object.</param>
    /// <param name="source">Names the input in error messages (e.g. the file name).</param>
    /// <exception cref="ProvenantFormatException">A missing or wrongly typed field, wrong <c>_type</c> or
    /// <c>predicateType</c>, bad hex, an out-of-range count or size, a path that is not relative, a canonical form
    /// that does not belong to the format, or subjects that disagree with <c>distribution</c>; the message names the field.</exception>
    public static DatasetCommitment FromStatement(JsonObject statement, string source = "statement")
    {
        ArgumentNullException.ThrowIfNull(statement);
        var type = JsonFields.String(statement, "_type", source, "", 200);
        if (type != StatementType) throw new ProvenantFormatException(source, "_type", StatementType, JsonFields.Shorten(type));
        var ptype = JsonFields.String(statement, "predicateType", source, "", 200);
        if (ptype != PredicateType) throw new ProvenantFormatException(source, "predicateType", PredicateType, JsonFields.Shorten(ptype));
        var p = JsonFields.Object(statement, "predicate", source, "");
        const string pp = "predicate.";
        var name = JsonFields.String(p, "name", source, pp, DatasetLimits.MaxNameLength);
        if (name.Length == 0) throw new ProvenantFormatException(source, pp + "name", "a non-empty name", "\"\"");
        var license = JsonFields.OptionalString(p, "license", source, pp, DatasetLimits.MaxNameLength);
        var formatName = JsonFields.String(p, "format", source, pp, 16);
        if (!DatasetFormats.TryParse(formatName, out var format))
        {
            throw new ProvenantFormatException(source, pp + "format", "csv, jsonl, idx or files", JsonFields.Shorten(formatName));
        }
        var canonicalForm = JsonFields.String(p, "canonicalForm", source, pp, 64);
        if (canonicalForm != DatasetFormats.CanonicalForm(format))
        {
            throw new ProvenantFormatException(source, pp + "canonicalForm", DatasetFormats.CanonicalForm(format), JsonFields.Shorten(canonicalForm));
        }
        var headerRows = format == DatasetFormat.Csv ? (int)JsonFields.UInt(p, "headerRows", source, pp, DatasetLimits.MaxHeaderRows) : 0;
        var count = (long)JsonFields.UInt(p, "recordCount", source, pp, MaxRecordCount);
        var rootObj = JsonFields.Object(p, "recordsRoot", source, pp);
        var alg = JsonFields.String(rootObj, "algorithm", source, pp + "recordsRoot.", 64);
        if (alg != RootAlgorithm) throw new ProvenantFormatException(source, pp + "recordsRoot.algorithm", RootAlgorithm, JsonFields.Shorten(alg));
        var root = JsonFields.Hash(rootObj, "hex", source, pp + "recordsRoot.");
        var sourcePath = JsonFields.OptionalString(p, "sourcePath", source, pp, DatasetLimits.MaxPathLength);
        ExclusionIndexRoot? exclusion = null;
        if (p.ContainsKey("exclusionIndex"))
        {
            var x = JsonFields.Object(p, "exclusionIndex", source, pp);
            var xalg = JsonFields.String(x, "algorithm", source, pp + "exclusionIndex.", 64);
            if (xalg != ExclusionIndexRoot.Algorithm) throw new ProvenantFormatException(source, pp + "exclusionIndex.algorithm", ExclusionIndexRoot.Algorithm, JsonFields.Shorten(xalg));
            var leaves = (long)JsonFields.UInt(x, "leafCount", source, pp + "exclusionIndex.", (ulong)count);
            if ((leaves == 0) != (count == 0)) throw new ProvenantFormatException(source, pp + "exclusionIndex.leafCount", $"1 to {count} (the record count)", $"{leaves}");
            exclusion = new ExclusionIndexRoot(JsonFields.Hash(x, "hex", source, pp + "exclusionIndex."), leaves);
        }

        var dist = JsonFields.Array(p, "distribution", source, pp, DatasetLimits.MaxFiles);
        if (dist.Count == 0) throw new ProvenantFormatException(source, pp + "distribution", "at least one file", "an empty array");
        var files = new List<DatasetFileEntry>(dist.Count);
        for (var i = 0; i < dist.Count; i++)
        {
            var at = $"{pp}distribution[{i}].";
            var d = dist[i] as JsonObject ?? throw new ProvenantFormatException(source, at.TrimEnd('.'), "a FileObject", JsonFields.Kind(dist[i]));
            var path = JsonFields.RelativePath(JsonFields.String(d, "contentUrl", source, at, DatasetLimits.MaxPathLength), source, at + "contentUrl");
            var sizeText = JsonFields.String(d, "contentSize", source, at, 24);
            if (!sizeText.EndsWith(" B", StringComparison.Ordinal) ||
                !long.TryParse(sizeText.AsSpan(0, sizeText.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new ProvenantFormatException(source, at + "contentSize", "a byte count written \"N B\"", JsonFields.Shorten(sizeText));
            }
            var sha = Hex.Encode(JsonFields.Hash(d, "sha256", source, at));
            if (i > 0 && PosixPathOrder.Instance.Compare(files[^1].Path, path) >= 0)
            {
                throw new ProvenantFormatException(source, at + "contentUrl", "paths in strictly increasing order (no duplicates)", JsonFields.Shorten(path));
            }
            files.Add(new DatasetFileEntry(path, size, sha));
        }

        var subjects = JsonFields.Array(statement, "subject", source, "", DatasetLimits.MaxFiles);
        if (subjects.Count != files.Count)
        {
            throw new ProvenantFormatException(source, "subject", $"{files.Count} entries, one per predicate.distribution file", subjects.Count.ToString(CultureInfo.InvariantCulture));
        }
        for (var i = 0; i < subjects.Count; i++)
        {
            var at = $"subject[{i}].";
            var s = subjects[i] as JsonObject ?? throw new ProvenantFormatException(source, $"subject[{i}]", "an object", JsonFields.Kind(subjects[i]));
            var sname = JsonFields.String(s, "name", source, at, DatasetLimits.MaxPathLength);
            var sha = Hex.Encode(JsonFields.Hash(JsonFields.Object(s, "digest", source, at), "sha256", source, at + "digest."));
            if (sname != files[i].Path || sha != files[i].Sha256)
            {
                throw new ProvenantFormatException(source, $"subject[{i}]", $"the name and sha256 of predicate.distribution[{i}] ({files[i].Path})", JsonFields.Shorten(sname));
            }
        }
        return new DatasetCommitment
        {
            Name = name,
            License = license,
            Format = format,
            CanonicalForm = canonicalForm,
            HeaderRows = headerRows,
            RecordCount = count,
            RecordsRoot = root,
            Files = files,
            SourcePath = sourcePath,
            ExclusionIndex = exclusion,
        };
    }
}
