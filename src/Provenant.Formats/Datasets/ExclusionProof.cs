using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Formats.Datasets;

/// <summary>
/// A file proving that none of a blocklist's content hashes is a record of a committed dataset (docs/dataset-commitments.md,
/// "Exclusion proofs"). JSON form:
/// <code>
/// {"_type": "https://provenant.dev/exclusion-proof/v1", "dataset": name, "algorithm": "provenant-sorted-sha256-v1",
///  "indexRoot": hex, "leafCount": n,
///  "entries": [{"hash": hex, "neighbours": [{"hash": hex, "position": p, "count": c, "proof": [hex, …]}, …]}, …]}
/// </code>
/// </summary>
public sealed record ExclusionProof
{
    /// <summary>The <c>_type</c> value.</summary>
    public const string Type = "https://provenant.dev/exclusion-proof/v1";

    /// <summary>Most entries accepted when parsing.</summary>
    public const int MaxEntries = 1 << 20;

    /// <summary>The dataset's name (informational).</summary>
    public required string DatasetName { get; init; }

    /// <summary>The index root and leaf count the proof was made against.</summary>
    public required ExclusionIndexRoot Index { get; init; }

    /// <summary>One entry per absent hash.</summary>
    public required IReadOnlyList<ExclusionEntry> Entries { get; init; }

    /// <summary>
    /// Verifies against a dataset commitment: it must carry an exclusion index (commitments written before the index
    /// existed are refused with a message saying so), the proof must name that root and leaf count, and every entry must
    /// verify. Never throws.
    /// </summary>
    public VerificationResult Verify(DatasetCommitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        if (commitment.ExclusionIndex is not { } trusted)
        {
            return VerificationResult.Rejected("the dataset commitment has no predicate.exclusionIndex (written before exclusion indexes existed); commit the dataset again with this version");
        }
        if (!trusted.Root.AsSpan().SequenceEqual(Index.Root) || trusted.LeafCount != Index.LeafCount)
        {
            return VerificationResult.Rejected($"the proof is for index root {Index.RootHex} ({Index.LeafCount} leaves), the commitment has {trusted.RootHex} ({trusted.LeafCount} leaves)");
        }
        var failures = Entries.Select(e => e.Verify(trusted)).Where(r => !r.IsValid).Select(r => r.Reason).ToList();
        return failures.Count == 0
            ? VerificationResult.Valid($"none of the {Entries.Count} hashes is a record of '{commitment.Name}' (exact-hash exclusion; index root {trusted.RootHex})")
            : VerificationResult.Rejected($"{failures.Count} of {Entries.Count} entries do not verify", failures);
    }

    /// <summary>The JSON form.</summary>
    public JsonObject ToJson()
    {
        var entries = new JsonArray();
        foreach (var e in Entries)
        {
            var neighbours = new JsonArray();
            foreach (var n in e.Neighbours)
            {
                var proof = new JsonArray();
                foreach (var p in n.Proof) proof.Add(Hex.Encode(p));
                neighbours.Add(new JsonObject { ["hash"] = Hex.Encode(n.Leaf.ContentHash), ["position"] = n.Leaf.Position, ["count"] = n.Leaf.Count, ["proof"] = proof });
            }
            entries.Add(new JsonObject { ["hash"] = Hex.Encode(e.Hash), ["neighbours"] = neighbours });
        }
        return new JsonObject
        {
            ["_type"] = Type,
            ["dataset"] = DatasetName,
            ["algorithm"] = ExclusionIndexRoot.Algorithm,
            ["indexRoot"] = Index.RootHex,
            ["leafCount"] = Index.LeafCount,
            ["entries"] = entries,
        };
    }

    /// <summary>Parses the JSON form strictly (every field required, 64-digit lower-case hex, bounded counts).</summary>
    /// <exception cref="ProvenantFormatException">A missing, malformed or out-of-range field; the message names it.</exception>
    public static ExclusionProof FromJson(JsonObject json, string source = "exclusion proof")
    {
        ArgumentNullException.ThrowIfNull(json);
        var type = JsonFields.String(json, "_type", source, "", 200);
        if (type != Type) throw new ProvenantFormatException(source, "_type", Type, JsonFields.Shorten(type));
        var alg = JsonFields.String(json, "algorithm", source, "", 64);
        if (alg != ExclusionIndexRoot.Algorithm) throw new ProvenantFormatException(source, "algorithm", ExclusionIndexRoot.Algorithm, JsonFields.Shorten(alg));
        var name = JsonFields.String(json, "dataset", source, "", DatasetLimits.MaxNameLength);
        var root = JsonFields.Hash(json, "indexRoot", source, "");
        var leafCount = (long)JsonFields.UInt(json, "leafCount", source, "", (ulong)DatasetCommitment.MaxRecordCount);
        var arr = JsonFields.Array(json, "entries", source, "", MaxEntries);
        var entries = new List<ExclusionEntry>(arr.Count);
        for (var i = 0; i < arr.Count; i++)
        {
            var at = $"entries[{i}].";
            var e = arr[i] as JsonObject ?? throw new ProvenantFormatException(source, $"entries[{i}]", "an object", JsonFields.Kind(arr[i]));
            var hash = JsonFields.Hash(e, "hash", source, at);
            var na = JsonFields.Array(e, "neighbours", source, at, 2);
            var neighbours = new List<ExclusionNeighbour>(na.Count);
            for (var j = 0; j < na.Count; j++)
            {
                var nat = $"{at}neighbours[{j}].";
                var n = na[j] as JsonObject ?? throw new ProvenantFormatException(source, nat.TrimEnd('.'), "an object", JsonFields.Kind(na[j]));
                var leaf = new ExclusionLeaf(JsonFields.Hash(n, "hash", source, nat),
                    (long)JsonFields.UInt(n, "position", source, nat, (ulong)DatasetCommitment.MaxRecordCount),
                    (long)JsonFields.UInt(n, "count", source, nat, (ulong)DatasetCommitment.MaxRecordCount));
                neighbours.Add(new ExclusionNeighbour(leaf, RecordProof.ParseAuditPath(n, source, nat)));
            }
            entries.Add(new ExclusionEntry(hash, neighbours));
        }
        return new ExclusionProof { DatasetName = name, Index = new ExclusionIndexRoot(root, leafCount), Entries = entries };
    }
}
