namespace Provenant.Formats.Gguf;

/// <summary>One GGUF metadata key/value pair (<c>gguf_metadata_kv_t</c>).</summary>
/// <param name="Key">ASCII key, e.g. <c>general.architecture</c>.</param>
/// <param name="Type">The value's type tag.</param>
/// <param name="Value">The value: <c>byte</c>, <c>sbyte</c>, <c>ushort</c>, <c>short</c>, <c>uint</c>, <c>int</c>,
/// <c>float</c>, <c>bool</c>, <c>string</c>, <see cref="GgufArray"/>, <c>ulong</c>, <c>long</c> or <c>double</c>, matching
/// <paramref name="Type"/>.</param>
/// <param name="FileOffset">Where the key starts in the file.</param>
public sealed record GgufMetadataEntry(string Key, GgufValueType Type, object Value, long FileOffset);
