using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>
/// An RFC 9162 §2.1.3 inclusion proof of one dataset record: the record's canonical bytes, its leaf hash
/// <c>SHA-256(0x00 ‖ record)</c> and the audit path to the commitment's records root.
/// JSON form (<see cref="ToJson"/>): <c>{"_type": <see cref="Type"/>, "dataset", "canonicalForm",
/// "recordsRoot" (hex), "treeSize", "index", "record" (base64), "leafHash" (hex), "proof" (hex list, deepest first)}</c>.
/// </summary>
public sealed record RecordProof
{
    /// <summary>The <c>_type</c> of record proof JSON.</summary>
    public const string Type = "https://provenant.dev/record-proof/v1";

    /// <summary>Most audit path entries accepted (a tree of 2^64 leaves needs 64).</summary>
    public const int MaxProofLength = 64;

    /// <summary>Dataset name from the commitment (informational, not verified).</summary>
    public required string DatasetName { get; init; }

    /// <summary>Canonical-form id of <see cref="Record"/>, e.g. <c>provenant-csv-v1</c>.</summary>
    public required string CanonicalForm { get; init; }

    /// <summary>The records root the proof leads to (32 bytes).</summary>
    public required byte[] RecordsRoot { get; init; }

    /// <summary>Number of records in the tree.</summary>
    public required ulong TreeSize { get; init; }

    /// <summary>Zero-based record index.</summary>
    public required ulong Index { get; init; }

    /// <summary>The record's canonical bytes (at most <see cref="DatasetLimits.MaxRecordBytes"/> + 64).</summary>
    public required byte[] Record { get; init; }

    /// <summary>RFC 9162 leaf hash of <see cref="Record"/> (32 bytes).</summary>
    public required byte[] LeafHash { get; init; }

    /// <summary>Audit path, 32-byte hashes, deepest sibling first.</summary>
    public required IReadOnlyList<byte[]> Proof { get; init; }

    /// <summary>Verifies against a commitment: same root and record count, then <see cref="Verify(ReadOnlySpan{byte}, ulong)"/>.</summary>
    public VerificationResult Verify(DatasetCommitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        if (CanonicalForm != commitment.CanonicalForm)
        {
            return VerificationResult.Rejected($"record canonical form {CanonicalForm} differs from the commitment's {commitment.CanonicalForm}");
        }
        return Verify(commitment.RecordsRoot, (ulong)commitment.RecordCount);
    }

    /// <summary>
    /// Verifies against a trusted root and tree size: the proof must name that root and size, the record must hash
    /// to <see cref="LeafHash"/>, and the audit path must lead from it at <see cref="Index"/> to the root (RFC 9162 §2.1.3.2).
    /// Never throws for hostile proofs; returns a rejection with the reason.
    /// </summary>
    public VerificationResult Verify(ReadOnlySpan<byte> recordsRoot, ulong treeSize)
    {
        if (recordsRoot.Length != Rfc9162.HashSize) return VerificationResult.Rejected("the trusted root must be 32 bytes");
        if (TreeSize != treeSize) return VerificationResult.Rejected($"proof is for a tree of {TreeSize} records, the commitment has {treeSize}");
        if (RecordsRoot is null || !CryptographicOperations.FixedTimeEquals(RecordsRoot, recordsRoot))
        {
            return VerificationResult.Rejected("proof names a different records root than the commitment");
        }
        var leaf = Rfc9162.HashLeaf(Record);
        if (LeafHash is null || !CryptographicOperations.FixedTimeEquals(leaf, LeafHash))
        {
            return VerificationResult.Rejected("the record bytes do not hash to the proof's leafHash");
        }
        var r = InclusionProof.Verify(Index, treeSize, leaf, Proof, recordsRoot);
        return r.IsValid ? VerificationResult.Valid($"record {Index} of {treeSize} is in the dataset (root {Hex.Encode(recordsRoot)})") : r;
    }

    /// <summary>The JSON form (see the type summary).</summary>
    public JsonObject ToJson()
    {
        var proof = new JsonArray();
        foreach (var p in Proof) proof.Add(Hex.Encode(p));
        return new JsonObject
        {
            ["_type"] = Type,
            ["dataset"] = DatasetName,
            ["canonicalForm"] = CanonicalForm,
            ["recordsRoot"] = Hex.Encode(RecordsRoot),
            ["treeSize"] = TreeSize,
            ["index"] = Index,
            ["record"] = Convert.ToBase64String(Record),
            ["leafHash"] = Hex.Encode(LeafHash),
            ["proof"] = proof,
        };
    }

    /// <summary>Parses the JSON form strictly (every field required, hex hashes 64 lower-case digits, base64 record
    /// bounded, index below treeSize, at most <see cref="MaxProofLength"/> proof entries).</summary>
    /// <exception cref="ProvenantFormatException">A missing, malformed or out-of-range field; the message names it.</exception>
    public static RecordProof FromJson(JsonObject json, string source = "record proof")
    {
        ArgumentNullException.ThrowIfNull(json);
        var type = JsonFields.String(json, "_type", source, "", 200);
        if (type != Type) throw new ProvenantFormatException(source, "_type", Type, JsonFields.Shorten(type));
        var name = JsonFields.String(json, "dataset", source, "", DatasetLimits.MaxNameLength);
        var form = JsonFields.String(json, "canonicalForm", source, "", 64);
        var root = JsonFields.Hash(json, "recordsRoot", source, "");
        var size = JsonFields.UInt(json, "treeSize", source, "", (ulong)DatasetCommitment.MaxRecordCount);
        var index = JsonFields.UInt(json, "index", source, "", size == 0 ? 0 : size - 1);
        if (size == 0) throw new ProvenantFormatException(source, "treeSize", "at least 1 record", "0");
        var b64 = JsonFields.String(json, "record", source, "", (DatasetLimits.MaxRecordBytes + 64) / 3 * 4 + 4);
        byte[] record;
        try
        {
            record = Convert.FromBase64String(b64);
        }
        catch (FormatException e)
        {
            throw new ProvenantFormatException(source, "record", "standard base64 (RFC 4648 §4)", JsonFields.Shorten(b64), null, "offset", e);
        }
        if (Convert.ToBase64String(record) != b64)
        {
            throw new ProvenantFormatException(source, "record", "canonical base64 (padded, no whitespace)", JsonFields.Shorten(b64));
        }
        var leaf = JsonFields.Hash(json, "leafHash", source, "");
        var proof = ParseAuditPath(json, source, "");
        return new RecordProof
        {
            DatasetName = name,
            CanonicalForm = form,
            RecordsRoot = root,
            TreeSize = size,
            Index = index,
            Record = record,
            LeafHash = leaf,
            Proof = proof,
        };
    }

    /// <summary>Parses member <c>proof</c> of <paramref name="json"/>: an array of at most <see cref="MaxProofLength"/> 64-digit hex hashes.</summary>
    /// <exception cref="ProvenantFormatException">A missing or malformed entry, named with <paramref name="path"/>.</exception>
    internal static List<byte[]> ParseAuditPath(JsonObject json, string source, string path)
    {
        var arr = JsonFields.Array(json, "proof", source, path, MaxProofLength);
        var proof = new List<byte[]>(arr.Count);
        for (var i = 0; i < arr.Count; i++)
        {
            var field = $"{path}proof[{i}]";
            if (arr[i] is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                throw new ProvenantFormatException(source, field, "a hex string", JsonFields.Kind(arr[i]));
            }
            proof.Add(JsonFields.HashText(v.GetValue<string>(), source, field));
        }
        return proof;
    }
}
