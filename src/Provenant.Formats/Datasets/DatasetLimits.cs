namespace Provenant.Formats.Datasets;

/// <summary>Bounds every dataset reader enforces, whatever a file claims.</summary>
public static class DatasetLimits
{
    /// <summary>Largest record in bytes: a CSV row or JSONL line as stored, or one IDX item (16 MiB).</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    /// <summary>Most dimensions an IDX header may declare.</summary>
    public const int MaxIdxDimensions = 16;

    /// <summary>Most header rows a CSV reader may be asked to skip.</summary>
    public const int MaxHeaderRows = 1_000_000;

    /// <summary>Most files a commitment may list (subjects and distribution entries).</summary>
    public const int MaxFiles = 10_000_000;

    /// <summary>Longest relative path, in UTF-16 code units.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>Longest name or license string in a predicate.</summary>
    public const int MaxNameLength = 1024;
}
