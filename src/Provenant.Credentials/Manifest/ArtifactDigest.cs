using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>A digest of a Provenant artifact referenced from a credential: <c>{ "name": tstr, "alg": "sha256", "hash": bstr }</c>.</summary>
/// <param name="Name">The artifact's file name (informational).</param>
/// <param name="Alg">Hash algorithm name (C2PA names: <c>sha256</c>).</param>
/// <param name="Hash">The digest of the artifact file's bytes.</param>
public sealed record ArtifactDigest(string Name, string Alg, byte[] Hash)
{
    /// <summary>The CBOR map.</summary>
    public CborMap ToCbor() => new CborMap().Add("name", Name).Add("alg", Alg).Add("hash", Hash);

    /// <summary>Parses the CBOR map.</summary>
    /// <exception cref="ProvenantFormatException">A field is missing or of the wrong type.</exception>
    public static ArtifactDigest FromCbor(CborNode node, string source, string field)
    {
        var map = node.AsMap() ?? throw new ProvenantFormatException(source, field, "a map", node.GetType().Name);
        return new ArtifactDigest(
            map.Get("name")?.AsText() ?? throw new ProvenantFormatException(source, field + ".name", "a text string", "missing"),
            map.Get("alg")?.AsText() ?? throw new ProvenantFormatException(source, field + ".alg", "a text string", "missing"),
            map.Get("hash")?.AsBytes() ?? throw new ProvenantFormatException(source, field + ".hash", "a byte string", "missing"));
    }
}
