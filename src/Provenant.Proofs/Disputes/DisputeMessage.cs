using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// One move of a dispute, before signing (docs/disputes.md §Messages). Canonical JSON (RFC 8785), no newline:
/// <code>
/// {"_type":"https://provenant.dev/dispute-message/v1","body":{…},"dispute":HEX,"from":"claimant"|"challenger",
///  "kind":"outputs"|"bisect"|"segment"|"exports"|"node"|"step","seq":N}
/// </code>
/// <c>dispute</c> binds the move to one pair of claims (<see cref="DisputeSetup.DisputeId"/>) and <c>seq</c> to its
/// position in the transcript, so a signed move cannot be replayed elsewhere. Version 2
/// (<c>"_type":"https://provenant.dev/dispute-message/v2"</c>, <see cref="Previous"/> set) adds
/// <c>"prev":HEX</c>, the SHA-256 of the previous message's wire bytes (of the dispute id for message 0): the messages
/// form a hash chain, so a party's signature on a message also covers every earlier message of the game
/// (docs/disputes.md §Messages).
/// </summary>
/// <param name="DisputeId">32-byte dispute identifier.</param>
/// <param name="Sequence">Position in the transcript, from 0.</param>
/// <param name="From">The sender.</param>
/// <param name="Kind">One of <see cref="Kinds"/>.</param>
/// <param name="Body">Kind-specific fields.</param>
public sealed record DisputeMessage(byte[] DisputeId, int Sequence, DisputeRole From, string Kind, JsonObject Body)
{
    /// <summary>The payload's <c>_type</c> without a chain link.</summary>
    public const string Type = "https://provenant.dev/dispute-message/v1";

    /// <summary>The payload's <c>_type</c> with a chain link (<see cref="Previous"/>).</summary>
    public const string ChainedType = "https://provenant.dev/dispute-message/v2";

    /// <summary>Version 2: SHA-256 of the previous message's wire bytes (of the dispute id for message 0); null for version 1.</summary>
    public byte[]? Previous { get; init; }

    /// <summary>The claimant opens the graph outputs to show its output digest follows from its trace.</summary>
    public const string Outputs = "outputs";

    /// <summary>A party reveals the two child hashes of the disputed subtree.</summary>
    public const string Bisect = "bisect";

    /// <summary>The claimant opens every input of the first divergent node.</summary>
    public const string Node = "node";

    /// <summary>Training disputes: a party reveals its root of the disputed step's operator trace.</summary>
    public const string Step = "step";

    /// <summary>Trace format 3: a party reveals its root over the disputed segment's per-node leaves with its first bisection move in that tree.</summary>
    public const string Segment = "segment";

    /// <summary>Trace format 3: both revealed the same segment root; the claimant opens the segment's exports under it.</summary>
    public const string Exports = "exports";

    /// <summary>The message kinds.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Outputs, Bisect, Node, Step, Segment, Exports];

    /// <summary>Largest payload accepted (96 MiB: openings carry tensors).</summary>
    public const int MaxBytes = 96 << 20;

    /// <summary>The canonical payload bytes.</summary>
    public byte[] ToBytes()
    {
        var o = new JsonObject
        {
            ["_type"] = Previous is null ? Type : ChainedType,
            ["dispute"] = Hex.Encode(DisputeId),
            ["seq"] = Sequence,
            ["from"] = RoleName(From),
            ["kind"] = Kind,
            ["body"] = Body.DeepClone(),
        };
        if (Previous is not null) o["prev"] = Hex.Encode(Previous);
        return CanonicalJson.Canonicalize(o);
    }

    /// <summary>Whether a payload claims version 2 (a chained move): it begins <c>{"_type":"…/v2"</c>, as its canonical
    /// spelling must (<c>_type</c> sorts first). Only a claim: parse the payload with <see cref="Parse"/>.</summary>
    public static bool IsChained(ReadOnlySpan<byte> payload) => payload.StartsWith(ChainedPrefix);

    private static ReadOnlySpan<byte> ChainedPrefix => "{\"_type\":\"https://provenant.dev/dispute-message/v2\""u8;

    /// <summary>The chain link that follows the message whose wire bytes are <paramref name="wire"/> (SHA-256 of them).</summary>
    public static byte[] LinkAfter(byte[] wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return System.Security.Cryptography.SHA256.HashData(wire);
    }

    /// <summary>Parses a payload strictly.</summary>
    /// <exception cref="ProvenantFormatException">Not canonical, unknown or missing fields, bad values.</exception>
    public static DisputeMessage Parse(ReadOnlySpan<byte> bytes, string source)
    {
        var o = DisputeJson.CanonicalObject(bytes, source, MaxBytes);
        var chained = DisputeJson.String(o["_type"], source, "_type", 200) switch
        {
            Type => false,
            ChainedType => true,
            var t => throw new ProvenantFormatException(source, "_type", $"{Type} or {ChainedType}", t),
        };
        if (chained) DisputeJson.AllowOnly(o, source, "", "_type", "dispute", "seq", "from", "kind", "body", "prev");
        else DisputeJson.AllowOnly(o, source, "", "_type", "dispute", "seq", "from", "kind", "body");
        var from = DisputeJson.String(o["from"], source, "from", 16) switch
        {
            "claimant" => DisputeRole.Claimant,
            "challenger" => DisputeRole.Challenger,
            var s => throw new ProvenantFormatException(source, "from", "\"claimant\" or \"challenger\"", s),
        };
        var kind = DisputeJson.String(o["kind"], source, "kind", 16);
        if (!Kinds.Contains(kind)) throw new ProvenantFormatException(source, "kind", string.Join(", ", Kinds), kind);
        return new DisputeMessage(DisputeJson.Hash(o["dispute"], source, "dispute"),
            (int)DisputeJson.Integer(o["seq"], source, "seq", 1 << 20), from, kind, DisputeJson.Object(o, "body", source, ""))
        {
            Previous = chained ? DisputeJson.Hash(o["prev"], source, "prev") : null,
        };
    }

    /// <summary><c>claimant</c> or <c>challenger</c>.</summary>
    public static string RoleName(DisputeRole role) => role == DisputeRole.Claimant ? "claimant" : "challenger";
}
