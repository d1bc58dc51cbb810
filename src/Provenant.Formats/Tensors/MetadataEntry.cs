using System.Text.Json.Nodes;

namespace Provenant.Formats.Tensors;

/// <summary>One metadata entry of a weight file, for display: safetensors <c>__metadata__</c> strings, GGUF key/value
/// pairs, ONNX model properties.</summary>
/// <param name="Key">The key as written in the file.</param>
/// <param name="Type">The value's type in the file's own terms (<c>string</c>, <c>uint32</c>, <c>array[string]</c>…).</param>
/// <param name="Value">The value as JSON; long arrays are summarised by the reader that made the entry
/// (<c>{"count": n, "head": [...]}</c>) so a 150 000-token vocabulary does not flood a terminal.</param>
public sealed record MetadataEntry(string Key, string Type, JsonNode? Value);
