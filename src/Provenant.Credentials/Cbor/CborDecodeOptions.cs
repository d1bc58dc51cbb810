namespace Provenant.Credentials.Cbor;

/// <summary>Limits and strictness for <see cref="CborDecoder"/>.</summary>
/// <param name="MaxDepth">Deepest nesting of arrays, maps and tags accepted (the top item is depth 1).</param>
/// <param name="AllowIndefiniteLength">Accept indefinite-length strings, arrays and maps (RFC 8949 §3.2.2–3.2.3).
/// Deterministic encoding (§4.2.1), COSE (RFC 9052 §9) and C2PA claims forbid them, so the default is false.</param>
/// <param name="RequireDeterministic">Also reject non-shortest arguments and unsorted map keys (§4.2.1).</param>
public sealed record CborDecodeOptions(int MaxDepth = 64, bool AllowIndefiniteLength = false, bool RequireDeterministic = false)
{
    /// <summary>Definite lengths only, depth 64, non-shortest forms tolerated.</summary>
    public static readonly CborDecodeOptions Default = new();

    /// <summary>Indefinite lengths accepted (for assertion payloads written by other tools), depth 64.</summary>
    public static readonly CborDecodeOptions Lenient = new(AllowIndefiniteLength: true);

    /// <summary>Deterministic encoding required (§4.2.1).</summary>
    public static readonly CborDecodeOptions Deterministic = new(RequireDeterministic: true);
}
