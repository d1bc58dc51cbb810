using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.Formats.Datasets;

namespace Provenant.Formats.Tensors;

/// <summary>
/// Proof that one tensor (name, dtype, shape, length and SHA-256 of its data) is a leaf of a
/// <see cref="TensorCommitment"/>: the leaf fields, the leaf hash and the RFC 9162 §2.1.3 audit path.
/// </summary>
/// <remarks>
/// The file form (<see cref="ToBytes"/>) is the RFC 8785 canonical JSON of
/// <c>{"_type", "algorithm", "tensorRoot", "tensorCount", "index", "tensor": {"name", "dtype", "shape", "byteLength",
/// "sha256"}, "leafHash", "proof"}</c> followed by one newline; <see cref="Parse"/> accepts exactly that form, so any
/// change of a byte of the file is either a parse error or a different proof. Integers are at most 2^53 − 1 (I-JSON).
/// </remarks>
public sealed record TensorProof
{
    /// <summary>The <c>_type</c> of tensor proof JSON.</summary>
    public const string Type = "https://provenant.dev/tensor-proof/v1";

    /// <summary>Largest proof file accepted (1 MiB).</summary>
    public const int MaxProofBytes = 1 << 20;

    /// <summary>Largest integer a proof can carry (2^53 − 1, exact in every JSON implementation).</summary>
    public const long MaxSafeInteger = (1L << 53) - 1;

    private static readonly string[] TopFields = ["_type", "algorithm", "tensorRoot", "tensorCount", "index", "tensor", "leafHash", "proof"];
    private static readonly string[] TensorFields = ["name", "dtype", "shape", "byteLength", "sha256"];

    /// <summary>Commitment algorithm (<see cref="TensorCommitment.AlgorithmV1"/>).</summary>
    public required string Algorithm { get; init; }

    /// <summary>The root the proof leads to (32 bytes).</summary>
    public required byte[] TensorRoot { get; init; }

    /// <summary>Number of tensors (leaves) in the commitment.</summary>
    public required long TensorCount { get; init; }

    /// <summary>Zero-based position of the tensor in canonical order.</summary>
    public required long Index { get; init; }

    /// <summary>Tensor name.</summary>
    public required string Name { get; init; }

    /// <summary>Tensor dtype.</summary>
    public required string DType { get; init; }

    /// <summary>Tensor shape, outermost first.</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>Length of the tensor's data in bytes.</summary>
    public required long ByteLength { get; init; }

    /// <summary>SHA-256 of the tensor's data (32 bytes).</summary>
    public required byte[] DataSha256 { get; init; }

    /// <summary>RFC 9162 leaf hash of the leaf encoding (<see cref="TensorLeaf"/>), 32 bytes.</summary>
    public required byte[] LeafHash { get; init; }

    /// <summary>Audit path, 32-byte hashes, deepest sibling first.</summary>
    public required IReadOnlyList<byte[]> Proof { get; init; }

    /// <summary>
    /// Verifies against a trusted root and tensor count: same algorithm, root and count; the leaf fields re-encode to
    /// <see cref="LeafHash"/>; the audit path leads from it at <see cref="Index"/> to the root. Never throws on a
    /// hostile proof. This authenticates the tensor's name, dtype, shape, length and data digest; check the data itself
    /// with <see cref="VerifyData"/>.
    /// </summary>
    /// <param name="tensorRoot">The trusted 32-byte root (from a signed statement or given by the user).</param>
    /// <param name="tensorCount">The trusted number of tensors.</param>
    public VerificationResult Verify(ReadOnlySpan<byte> tensorRoot, long tensorCount)
    {
        if (Algorithm != TensorCommitment.AlgorithmV1) return VerificationResult.Rejected($"unknown tensor commitment algorithm \"{Algorithm}\"");
        if (tensorRoot.Length != Rfc9162.HashSize) return VerificationResult.Rejected("the trusted tensor root must be 32 bytes");
        if (TensorRoot is null || !CryptographicOperations.FixedTimeEquals(TensorRoot, tensorRoot))
        {
            return VerificationResult.Rejected("the proof names a different tensor root than the trusted one");
        }
        if (TensorCount != tensorCount) return VerificationResult.Rejected($"the proof is for {TensorCount} tensors, the commitment has {tensorCount}");
        if (Index < 0 || Index >= TensorCount) return VerificationResult.Rejected($"tensor index {Index} is outside 0..{TensorCount - 1}");
        byte[] leaf;
        try
        {
            leaf = TensorLeaf.Hash(Name, DType, Shape, ByteLength, DataSha256);
        }
        catch (ArgumentException e)
        {
            return VerificationResult.Rejected("the tensor fields cannot form a leaf: " + e.Message);
        }
        if (LeafHash is null || !CryptographicOperations.FixedTimeEquals(leaf, LeafHash))
        {
            return VerificationResult.Rejected("the tensor fields do not hash to the proof's leafHash");
        }
        var r = InclusionProof.Verify((ulong)Index, (ulong)tensorCount, leaf, Proof, tensorRoot);
        return r.IsValid
            ? VerificationResult.Valid($"tensor \"{Name}\" ({DType} {ShapeText}, {ByteLength} bytes) is leaf {Index} of {tensorCount} under root {Hex.Encode(tensorRoot)}")
            : r;
    }

    /// <summary>Checks that <paramref name="data"/> holds exactly the tensor's bytes (length and SHA-256).
    /// Never throws for wrong data; read errors are rejections too.</summary>
    public VerificationResult VerifyData(Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        byte[] digest;
        try
        {
            digest = TensorCommitter.HashData(data, ByteLength, $"tensor \"{Name}\" data");
        }
        catch (ProvenantException e)
        {
            return VerificationResult.Rejected(e.Message);
        }
        return DataSha256 is not null && CryptographicOperations.FixedTimeEquals(digest, DataSha256)
            ? VerificationResult.Valid($"the {ByteLength} data bytes of tensor \"{Name}\" match the proof")
            : VerificationResult.Rejected($"the data of tensor \"{Name}\" does not match the proof's sha256");
    }

    /// <summary>The shape as text, e.g. <c>[10, 32]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The JSON object (see the type remarks).</summary>
    /// <exception cref="InvalidOperationException">An integer exceeds <see cref="MaxSafeInteger"/>.</exception>
    public JsonObject ToJson()
    {
        var shape = new JsonArray();
        foreach (var d in Shape) shape.Add(Safe(d, "shape"));
        var proof = new JsonArray();
        foreach (var p in Proof) proof.Add(Hex.Encode(p));
        return new JsonObject
        {
            ["_type"] = Type,
            ["algorithm"] = Algorithm,
            ["tensorRoot"] = Hex.Encode(TensorRoot),
            ["tensorCount"] = Safe(TensorCount, "tensorCount"),
            ["index"] = Safe(Index, "index"),
            ["tensor"] = new JsonObject
            {
                ["name"] = Name,
                ["dtype"] = DType,
                ["shape"] = shape,
                ["byteLength"] = Safe(ByteLength, "byteLength"),
                ["sha256"] = Hex.Encode(DataSha256),
            },
            ["leafHash"] = Hex.Encode(LeafHash),
            ["proof"] = proof,
        };
    }

    /// <summary>The file form: canonical JSON (RFC 8785) and a newline.</summary>
    /// <exception cref="InvalidOperationException">An integer exceeds <see cref="MaxSafeInteger"/>.</exception>
    public byte[] ToBytes() => [.. CanonicalJson.Canonicalize(ToJson()), (byte)'\n'];

    /// <summary>Parses the file form strictly: canonical JSON plus one newline, exactly the fields listed in the type
    /// remarks, lower-case 64-digit hex hashes, integers in range, at most 64 audit path entries.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <exception cref="ProvenantFormatException">Anything else; the message names the field.</exception>
    public static TensorProof Parse(ReadOnlySpan<byte> bytes, string source = "tensor proof")
    {
        var json = CanonicalJson.ParseFileObject(bytes, source, MaxProofBytes, "prove-tensor");
        AllowOnly(json, TopFields, source, "");
        var type = JsonFields.String(json, "_type", source, "", 200);
        if (type != Type) throw new ProvenantFormatException(source, "_type", Type, JsonFields.Shorten(type));
        var algorithm = JsonFields.String(json, "algorithm", source, "", 200);
        if (algorithm != TensorCommitment.AlgorithmV1) throw new ProvenantFormatException(source, "algorithm", TensorCommitment.AlgorithmV1, JsonFields.Shorten(algorithm));
        var root = JsonFields.Hash(json, "tensorRoot", source, "");
        var count = (long)JsonFields.UInt(json, "tensorCount", source, "", TensorLimits.MaxTensors);
        if (count == 0) throw new ProvenantFormatException(source, "tensorCount", "at least 1 tensor", "0");
        var index = (long)JsonFields.UInt(json, "index", source, "", (ulong)count - 1);
        var tensor = JsonFields.Object(json, "tensor", source, "");
        AllowOnly(tensor, TensorFields, source, "tensor.");
        var name = JsonFields.String(tensor, "name", source, "tensor.", TensorLimits.MaxNameBytes);
        var dtype = JsonFields.String(tensor, "dtype", source, "tensor.", TensorLimits.MaxDTypeBytes);
        var shapeArray = JsonFields.Array(tensor, "shape", source, "tensor.", TensorLimits.MaxRank);
        var shape = new long[shapeArray.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            var text = shapeArray[i] is JsonValue dv && dv.GetValueKind() == JsonValueKind.Number ? dv.ToJsonString() : null;
            if (text is null || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d > MaxSafeInteger)
            {
                throw new ProvenantFormatException(source, $"tensor.shape[{i}]", $"an integer from 0 to {MaxSafeInteger}", text ?? JsonFields.Kind(shapeArray[i]));
            }
            shape[i] = (long)d;
        }
        var byteLength = (long)JsonFields.UInt(tensor, "byteLength", source, "tensor.", MaxSafeInteger);
        var sha = JsonFields.Hash(tensor, "sha256", source, "tensor.");
        var leaf = JsonFields.Hash(json, "leafHash", source, "");
        var arr = JsonFields.Array(json, "proof", source, "", 64);
        var proof = new List<byte[]>(arr.Count);
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw new ProvenantFormatException(source, $"proof[{i}]", "a hex string", JsonFields.Kind(arr[i]));
            }
            proof.Add(JsonFields.HashText(v.GetValue<string>(), source, $"proof[{i}]"));
        }
        return new TensorProof
        {
            Algorithm = algorithm,
            TensorRoot = root,
            TensorCount = count,
            Index = index,
            Name = name,
            DType = dtype,
            Shape = shape,
            ByteLength = byteLength,
            DataSha256 = sha,
            LeafHash = leaf,
            Proof = proof,
        };
    }

    private static long Safe(long value, string field) =>
        value is >= 0 and <= MaxSafeInteger ? value : throw new InvalidOperationException($"{field} {value} does not fit a tensor proof (max 2^53 - 1)");

    private static void AllowOnly(JsonObject o, string[] names, string source, string path)
    {
        foreach (var (k, _) in o)
        {
            if (Array.IndexOf(names, k) < 0) throw new ProvenantFormatException(source, path + k, "one of the fields " + string.Join(", ", names), "an unknown field");
        }
    }
}
