namespace Provenant.Signing.Oms;

/// <summary>A regular file of a model: its POSIX path relative to the model root (<c>.</c> for a
/// single-file model), the path to open (a symlink's final target when links are followed),
/// and its size and modification time when enumerated (to detect changes during hashing).</summary>
/// <param name="RelativePath">OMS resource path.</param>
/// <param name="FullPath">Absolute path of the bytes to hash.</param>
/// <param name="Length">Size in bytes at enumeration time.</param>
/// <param name="LastWriteUtc">Modification time at enumeration time.</param>
public sealed record ModelFile(string RelativePath, string FullPath, long Length, DateTime LastWriteUtc);
