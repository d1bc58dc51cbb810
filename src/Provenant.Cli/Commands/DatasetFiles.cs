using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Formats.Datasets;

namespace Provenant.Cli.Commands;

/// <summary>Reads dataset statements and record proofs from files (bounded, with clear errors).</summary>
internal static class DatasetFiles
{
    public static DatasetCommitment ReadCommitment(string path) => DatasetCommitment.FromStatement(ReadObject(path, "dataset statement"), path);

    public static JsonObject ReadObject(string path, string what)
    {
        var bytes = BoundedFile.ReadAll(path, what, 64L << 20);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ProvenantFormatException(path, "$", "well-formed JSON", e.Message.Split('.')[0]);
        }
        return node as JsonObject ?? throw new ProvenantFormatException(path, "$", "a JSON object", node?.GetValueKind().ToString() ?? "null");
    }
}
