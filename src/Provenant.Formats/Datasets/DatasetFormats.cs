using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>Names of <see cref="DatasetFormat"/> values as the CLI and the predicate write them, and their canonical-form ids.</summary>
public static class DatasetFormats
{
    /// <summary>The lower-case name: <c>csv</c>, <c>jsonl</c>, <c>idx</c> or <c>files</c>.</summary>
    public static string ToName(DatasetFormat format) => format switch
    {
        DatasetFormat.Csv => "csv",
        DatasetFormat.Jsonl => "jsonl",
        DatasetFormat.Idx => "idx",
        DatasetFormat.Files => "files",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Parses a name written by <see cref="ToName"/> (exact, lower case).</summary>
    /// <exception cref="ProvenantException">Unknown name (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public static DatasetFormat Parse(string name) => TryParse(name, out var f)
        ? f
        : throw new ProvenantException($"unknown dataset format '{name}' (expected csv, jsonl, idx or files)", ExitCodes.Usage);

    /// <summary>Parses a name written by <see cref="ToName"/>; false when unknown.</summary>
    public static bool TryParse(string? name, out DatasetFormat format)
    {
        switch (name)
        {
            case "csv": format = DatasetFormat.Csv; return true;
            case "jsonl": format = DatasetFormat.Jsonl; return true;
            case "idx": format = DatasetFormat.Idx; return true;
            case "files": format = DatasetFormat.Files; return true;
            default: format = default; return false;
        }
    }

    /// <summary>The canonical-form id and version of the record bytes of a format, e.g. <c>provenant-csv-v1</c>.</summary>
    public static string CanonicalForm(DatasetFormat format) => "provenant-" + ToName(format) + "-v1";
}
