namespace Provenant.Formats.Datasets;

/// <summary>One input file of a dataset commitment.</summary>
/// <param name="Path">Relative POSIX path (segments joined by '/') under the dataset's base folder.</param>
/// <param name="Size">Size of the file as stored (compressed size for <c>.gz</c>), in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as stored (64 characters).</param>
public sealed record DatasetFileEntry(string Path, long Size, string Sha256);
