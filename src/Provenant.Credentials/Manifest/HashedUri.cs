using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>
/// A C2PA hashed URI (C2PA 2.x §8.3): <c>{ "url": tstr, ? "alg": tstr, "hash": bstr }</c>. The hash is over the
/// referenced JUMBF superbox's payload (its description box and content boxes, without the superbox header).
/// </summary>
/// <param name="Url">A JUMBF URI, <c>self#jumbf=c2pa.assertions/LABEL</c> or an absolute <c>self#jumbf=/c2pa/MANIFEST/…</c>.</param>
/// <param name="Alg">The hash algorithm name (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>); null means the claim's <c>alg</c>.</param>
/// <param name="Hash">The digest bytes.</param>
public sealed record HashedUri(string Url, string? Alg, byte[] Hash)
{
    /// <summary>The CBOR map.</summary>
    public CborMap ToCbor()
    {
        var map = new CborMap().Add("url", Url);
        if (Alg is not null) map.Add("alg", Alg);
        return map.Add("hash", Hash);
    }

    /// <summary>Parses the CBOR map.</summary>
    /// <exception cref="ProvenantFormatException">Not a map, or <c>url</c>/<c>hash</c> missing or of the wrong type.</exception>
    public static HashedUri FromCbor(CborNode node, string source)
    {
        var map = node.AsMap() ?? throw new ProvenantFormatException(source, "hashed-uri", "a map", node.GetType().Name);
        var url = map.Get("url")?.AsText() ?? throw new ProvenantFormatException(source, "hashed-uri.url", "a text string", "missing");
        var hash = map.Get("hash")?.AsBytes() ?? throw new ProvenantFormatException(source, "hashed-uri.hash", "a byte string", "missing");
        return new HashedUri(url, map.Get("alg")?.AsText(), hash);
    }
}
