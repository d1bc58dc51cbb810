namespace Provenant.Formats.Datasets;

/// <summary>How a dataset is split into records (see docs/dataset-commitments.md for each canonical form).</summary>
public enum DatasetFormat
{
    /// <summary>RFC 4180 CSV: one record per row; canonical form <c>provenant-csv-v1</c>.</summary>
    Csv,

    /// <summary>JSON Lines: one JSON value per non-empty line; canonical form <c>provenant-jsonl-v1</c> (RFC 8785 JCS).</summary>
    Jsonl,

    /// <summary>LeCun IDX image + label file pairs: one record per item; canonical form <c>provenant-idx-v1</c>.</summary>
    Idx,

    /// <summary>Every regular file under a folder: one record per file; canonical form <c>provenant-files-v1</c>.</summary>
    Files,
}
