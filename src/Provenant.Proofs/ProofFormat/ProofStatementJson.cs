using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Hashing;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// An in-toto Statement v1 for an inference proof, signable with <c>provenant sign-statement</c>: the subject is the
/// proven output (the tensor JSON <c>prove --output</c> writes, by SHA-256), the predicate
/// <see cref="PredicateType"/> names the proof file, the model, weight commitment and circuit digests, and the quantized
/// input's digest. Canonical JSON (RFC 8785) and one newline.
/// </summary>
public static class ProofStatementJson
{
    /// <summary>The predicate type URI.</summary>
    public const string PredicateType = "https://provenant.dev/inference-proof/v1";

    /// <summary>The statement bytes.</summary>
    public static byte[] Build(InferenceProof proof, ReadOnlySpan<byte> proofFile, ReadOnlySpan<byte> outputJson)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var s = proof.Statement;
        var input = new ProofWriter();
        foreach (var v in s.Input) input.U8((byte)(sbyte)v);
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = "output",
                ["digest"] = new JsonObject { ["sha256"] = Hex.Encode(SHA256.HashData(outputJson)) },
            }),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["proof"] = new JsonObject { ["sha256"] = Hex.Encode(SHA256.HashData(proofFile)), ["size"] = proofFile.Length },
                ["model"] = new JsonObject { ["sha256"] = Hex.Encode(s.ModelDigest) },
                ["weightCommitment"] = new JsonObject { ["sha256"] = Hex.Encode(s.WeightCommitmentDigest) },
                ["circuit"] = new JsonObject { ["sha256"] = Hex.Encode(s.CircuitDigest) },
                ["quantizedInput"] = new JsonObject { ["sha256"] = Hex.Encode(SHA256.HashData(input.ToArray())), ["shape"] = new JsonArray(s.InputShape.Select(d => (JsonNode)d).ToArray()) },
                ["protocol"] = "provenant/inference-proof/v1",
            },
        };
        return [.. CanonicalJson.Canonicalize(statement), (byte)'\n'];
    }
}
