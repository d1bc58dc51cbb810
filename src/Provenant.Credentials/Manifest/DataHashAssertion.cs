using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>
/// The <c>c2pa.hash.data</c> hard binding (C2PA 2.x §18.5):
/// <code>
/// data-hash-map = { ? "exclusions": [* exclusion-range-map], ? "name": tstr, ? "alg": tstr, "hash": bstr, ? "pad": bstr }
/// </code>
/// The hash covers every byte of the asset except the exclusion ranges, in order.
/// </summary>
/// <param name="Exclusions">Excluded ranges, ascending and not overlapping.</param>
/// <param name="Alg">Hash algorithm name (null: the claim's <c>alg</c>).</param>
/// <param name="Hash">The digest.</param>
/// <param name="Name">Optional description of the excluded range.</param>
public sealed record DataHashAssertion(IReadOnlyList<ExclusionRange> Exclusions, string? Alg, byte[] Hash, string? Name = null)
{
    /// <summary>The CBOR map (with an empty <c>pad</c>).</summary>
    public CborMap ToCbor()
    {
        var map = new CborMap();
        map.Add("exclusions", new CborArray(Exclusions.Select(e => (CborNode)new CborMap().Add("start", e.Start).Add("length", e.Length)).ToArray()));
        if (Name is not null) map.Add("name", Name);
        if (Alg is not null) map.Add("alg", Alg);
        return map.Add("hash", Hash).Add("pad", Array.Empty<byte>());
    }

    /// <summary>Parses the CBOR map.</summary>
    /// <exception cref="ProvenantFormatException">Missing hash, malformed or negative exclusions.</exception>
    public static DataHashAssertion FromCbor(CborNode node, string source)
    {
        var map = node.AsMap() ?? throw new ProvenantFormatException(source, DataHashField("map"), "a map", node.GetType().Name);
        var hash = map.Get("hash")?.AsBytes() ?? throw new ProvenantFormatException(source, DataHashField("hash"), "a byte string", "missing");
        var exclusions = new List<ExclusionRange>();
        if (map.Get("exclusions") is { } ex)
        {
            var array = ex.AsArray() ?? throw new ProvenantFormatException(source, DataHashField("exclusions"), "an array", ex.GetType().Name);
            foreach (var item in array.Items)
            {
                var m = item.AsMap();
                var start = m?.Get("start")?.AsInt64();
                var length = m?.Get("length")?.AsInt64();
                if (start is null or < 0 || length is null or < 0) throw new ProvenantFormatException(source, DataHashField("exclusions"), "{start, length} with non-negative integers", "a malformed range");
                exclusions.Add(new ExclusionRange(start.Value, length.Value));
            }
        }
        return new DataHashAssertion(exclusions, map.Get("alg")?.AsText(), hash, map.Get("name")?.AsText());
    }

    private static string DataHashField(string f) => C2paLabels.DataHash + "." + f;
}
