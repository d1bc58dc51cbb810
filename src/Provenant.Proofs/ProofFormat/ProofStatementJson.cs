using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Hashing;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// An in-toto Statement v1 for an inference proof, signable with <c>provenant sign-statement</c>: the subject is the
/// proven output (the tensor JSON <c>prove --output</c> writes, by SHA-256), the predicate
/// <see cref="PredicateType"/> names the proof file, the quantized model, weight commitment and circuit digests, and the
/// quantized input's digest, each as an in-toto ResourceDescriptor (<c>{"name", "digest": {"sha256": hex}}</c>). When the prover names the signed model the proven (quantized) model was made from, the predicate
/// also holds <c>signedModel: {name, digest: {sha256}}</c> (the model's OMS subject): that is the prover's assertion
/// (quantization is not proven), and what lets a provenance index list the proof on the signed model's page.
/// Canonical JSON (RFC 8785) and one newline.
/// </summary>
public static class ProofStatementJson
{
    /// <summary>The predicate type URI.</summary>
    public const string PredicateType = "https://provenant.dev/inference-proof/v1";

    /// <summary>The statement bytes.</summary>
    /// <param name="proof">The proof.</param>
    /// <param name="proofFile">The proof file's bytes (hashed into <c>predicate.proof</c>).</param>
    /// <param name="outputJson">The proven output as tensor JSON (the subject).</param>
    /// <param name="signedModel">The signed model's name and OMS subject digest (64 hex digits), or null.</param>
    /// <exception cref="ArgumentException"><paramref name="signedModel"/>'s digest is not 64 hex digits.</exception>
    public static byte[] Build(InferenceProof proof, ReadOnlySpan<byte> proofFile, ReadOnlySpan<byte> outputJson, (string Name, string Sha256Hex)? signedModel = null)
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
                ["proof"] = Descriptor("proof", SHA256.HashData(proofFile), size: proofFile.Length),
                ["model"] = Descriptor("quantized-model", s.ModelDigest),
                ["weightCommitment"] = Descriptor("weight-commitment", s.WeightCommitmentDigest),
                ["circuit"] = Descriptor("circuit", s.CircuitDigest),
                ["quantizedInput"] = Descriptor("quantized-input", SHA256.HashData(input.ToArray()), shape: s.InputShape),
                ["protocol"] = Protocol.ProofProtocol.Domain,
            },
        };
        if (signedModel is { } m)
        {
            if (!Hex.TryDecode(m.Sha256Hex, out var d) || d.Length != 32) throw new ArgumentException($"the signed model's digest must be 64 hex digits, not '{m.Sha256Hex}'", nameof(signedModel));
            statement["predicate"]!["signedModel"] = new JsonObject { ["name"] = m.Name, ["digest"] = new JsonObject { ["sha256"] = Hex.Encode(d) } };
        }
        return [.. CanonicalJson.Canonicalize(statement), (byte)'\n'];
    }

    /// <summary>An in-toto ResourceDescriptor (<c>name</c>, <c>digest.sha256</c>), so provenance indexes find the statement by each digest.</summary>
    private static JsonObject Descriptor(string name, byte[] sha256, long? size = null, IReadOnlyList<int>? shape = null)
    {
        var o = new JsonObject { ["name"] = name, ["digest"] = new JsonObject { ["sha256"] = Hex.Encode(sha256) } };
        if (size is { } n) o["size"] = n;
        if (shape is not null) o["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]);
        return o;
    }
}
