using System.Globalization;
using System.Text.Json;
using Provenant.Core.Errors;

namespace Provenant.Credentials.Manifest;

/// <summary>Reads a transparency log entry as Provenant's log writes it into a Sigstore bundle's
/// <c>verificationMaterial.tlogEntries[]</c>: <c>logIndex</c> (decimal string) and <c>inclusionProof.checkpoint.envelope</c>
/// (the signed checkpoint note).</summary>
public static class LogEntryJson
{
    /// <summary>Parses one tlog entry JSON object.</summary>
    /// <exception cref="ProvenantFormatException">Not JSON, or <c>logIndex</c> / the checkpoint missing or malformed.</exception>
    public static LogEntryReference Parse(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("verificationMaterial", out var vm)
                && vm.TryGetProperty("tlogEntries", out var entries) && entries.ValueKind == JsonValueKind.Array && entries.GetArrayLength() > 0)
            {
                root = entries[0];
            }
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("logIndex", out var idx))
            {
                throw new ProvenantFormatException(source, "logIndex", "a tlog entry object with logIndex", root.ValueKind.ToString());
            }
            var indexText = idx.ValueKind == JsonValueKind.String ? idx.GetString() : idx.GetRawText();
            if (!long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new ProvenantFormatException(source, "logIndex", "a non-negative decimal integer", indexText);
            }
            if (!root.TryGetProperty("inclusionProof", out var proof) || !proof.TryGetProperty("checkpoint", out var cp)
                || !cp.TryGetProperty("envelope", out var env) || env.ValueKind != JsonValueKind.String)
            {
                throw new ProvenantFormatException(source, "inclusionProof.checkpoint.envelope", "the checkpoint note text", "missing");
            }
            return new LogEntryReference(index, env.GetString()!);
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException(source, "log entry", "JSON", e.Message.Split('\n')[0]);
        }
    }
}
