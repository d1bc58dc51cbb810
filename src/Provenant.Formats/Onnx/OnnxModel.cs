namespace Provenant.Formats.Onnx;

/// <summary>A validated ONNX model (<c>ModelProto</c>): IR version, operator sets, producer and the main graph.</summary>
/// <param name="IrVersion">ONNX IR version (<c>ir_version</c>).</param>
/// <param name="OpsetImports">Imported operator sets; at least one.</param>
/// <param name="ProducerName">Tool that wrote the model (may be empty).</param>
/// <param name="ProducerVersion">Its version (may be empty).</param>
/// <param name="Graph">The main graph.</param>
public sealed record OnnxModel(
    long IrVersion,
    IReadOnlyList<OnnxOpsetImport> OpsetImports,
    string ProducerName,
    string ProducerVersion,
    OnnxGraph Graph)
{
    /// <summary>The imported version of <paramref name="domain"/> (empty or <c>ai.onnx</c> for the default), or null.</summary>
    public long? OpsetVersion(string domain)
    {
        var d = OnnxModelReader.NormalizeDomain(domain);
        long? best = null;
        foreach (var o in OpsetImports)
        {
            if (o.Domain == d && (best is null || o.Version > best))
            {
                best = o.Version;
            }
        }
        return best;
    }

    /// <summary>A copy importing <paramref name="domain"/> at <paramref name="version"/> instead of its current version.</summary>
    public OnnxModel WithOpsetImport(string domain, long version)
    {
        var d = OnnxModelReader.NormalizeDomain(domain);
        return this with { OpsetImports = [.. OpsetImports.Where(o => o.Domain != d), new OnnxOpsetImport(d, version)] };
    }
}
