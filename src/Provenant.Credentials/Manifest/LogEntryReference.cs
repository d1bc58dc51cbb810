using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>Where the model statement was recorded in a transparency log: the entry index and the C2SP checkpoint text
/// (signed note) the inclusion was proven against.</summary>
/// <param name="Index">The 0-based leaf index.</param>
/// <param name="Checkpoint">The checkpoint note text (origin, tree size, root hash, signature lines).</param>
public sealed record LogEntryReference(long Index, string Checkpoint)
{
    /// <summary>The CBOR map <c>{ "index": uint, "checkpoint": tstr }</c>.</summary>
    public CborMap ToCbor() => new CborMap().Add("index", Index).Add("checkpoint", Checkpoint);

    /// <summary>Parses the CBOR map.</summary>
    /// <exception cref="ProvenantFormatException">A field is missing, negative or of the wrong type.</exception>
    public static LogEntryReference FromCbor(CborNode node, string source)
    {
        var map = node.AsMap() ?? throw new ProvenantFormatException(source, "logEntry", "a map", node.GetType().Name);
        var index = map.Get("index")?.AsInt64();
        if (index is null or < 0) throw new ProvenantFormatException(source, "logEntry.index", "a non-negative integer", "missing or negative");
        var checkpoint = map.Get("checkpoint")?.AsText() ?? throw new ProvenantFormatException(source, "logEntry.checkpoint", "a text string", "missing");
        return new LogEntryReference(index.Value, checkpoint);
    }
}
