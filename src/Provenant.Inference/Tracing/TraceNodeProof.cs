using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Proof that one node's entry (operator, name and one tensor digest per output) is leaf <c>Node.Id</c> of a trace
/// whose root and node count are known: the entry, its leaf hash and the RFC 9162 §2.1.3 audit path. With
/// <see cref="VerifyOutput"/> it shows that a claimed output tensor of that node belongs to the committed trace —
/// the opening a dispute game exchanges.
/// </summary>
/// <remarks>
/// File form: RFC 8785 canonical JSON of <c>{"_type", "traceRoot", "nodeCount", "index", "node": {"domain", "opType",
/// "opsetVersion", "name", "outputs": [hex | null]}, "leafHash", "proof": [hex]}</c> and one newline; <see cref="Parse"/>
/// accepts only that form, so a changed byte is a parse error or a different proof.
/// </remarks>
/// <param name="TraceRoot">The trace root the proof leads to (32 bytes).</param>
/// <param name="NodeCount">Number of nodes (leaves) in the trace.</param>
/// <param name="Node">The node's entry; <c>Node.Id</c> is the leaf index.</param>
/// <param name="Proof">Audit path, 32-byte hashes, deepest sibling first.</param>
public sealed record TraceNodeProof(byte[] TraceRoot, int NodeCount, TraceNode Node, IReadOnlyList<byte[]> Proof)
{
    /// <summary>The <c>_type</c> of the JSON form.</summary>
    public const string Type = "https://provenant.dev/trace-node-proof/v1";

    /// <summary>Largest proof file accepted (1 MiB).</summary>
    public const int MaxProofBytes = 1 << 20;

    private static readonly string[] TopFields = ["_type", "traceRoot", "nodeCount", "index", "node", "leafHash", "proof"];
    private static readonly string[] NodeFields = ["domain", "opType", "opsetVersion", "name", "outputs"];

    /// <summary>
    /// Verifies against a trusted root and node count: same root and count, the entry's fields re-hash to its leaf
    /// hash, and the audit path leads from it at <c>Node.Id</c> to the root. Never throws on a hostile proof.
    /// </summary>
    /// <param name="trustedRoot">The trace root from a signed claim or a trace file, 32 bytes.</param>
    /// <param name="trustedNodeCount">The trace's node count.</param>
    public VerificationResult Verify(ReadOnlySpan<byte> trustedRoot, int trustedNodeCount)
    {
        if (trustedRoot.Length != Rfc9162.HashSize) return VerificationResult.Rejected("the trusted trace root must be 32 bytes");
        if (TraceRoot is null || TraceRoot.Length != 32 || !CryptographicOperations.FixedTimeEquals(TraceRoot, trustedRoot))
        {
            return VerificationResult.Rejected("the proof names a different trace root than the trusted one");
        }
        if (NodeCount != trustedNodeCount) return VerificationResult.Rejected($"the proof is for a trace of {NodeCount} nodes, the trusted trace has {trustedNodeCount}");
        if (Node is null || Node.Id < 0 || Node.Id >= NodeCount) return VerificationResult.Rejected($"node index {Node?.Id} is outside 0..{NodeCount - 1}");
        byte[] leaf;
        try
        {
            leaf = Node.ComputeLeafHash();
        }
        catch (ArgumentException e)
        {
            return VerificationResult.Rejected("the node fields cannot form a leaf: " + e.Message);
        }
        if (Node.LeafHash is null || !CryptographicOperations.FixedTimeEquals(leaf, Node.LeafHash))
        {
            return VerificationResult.Rejected("the node fields do not hash to the proof's leafHash");
        }
        var r = InclusionProof.Verify((ulong)Node.Id, (ulong)NodeCount, leaf, Proof, trustedRoot);
        return r.IsValid
            ? VerificationResult.Valid($"{Node.Describe()} is leaf {Node.Id} of {NodeCount} under trace root {Hex.Encode(trustedRoot)}")
            : r;
    }

    /// <summary>Checks that <paramref name="tensor"/> is the tensor the entry commits to as output <paramref name="output"/> (its digest). Never throws.</summary>
    /// <param name="output">Output position, from 0.</param>
    /// <param name="tensor">The claimed output tensor.</param>
    public VerificationResult VerifyOutput(int output, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (output < 0 || output >= Node.OutputDigests.Count) return VerificationResult.Rejected($"{Node.Describe()} has {Node.OutputDigests.Count} output(s); there is no output {output}");
        if (Node.OutputDigests[output] is not { } d) return VerificationResult.Rejected($"output {output} of {Node.Describe()} is omitted in the trace");
        return CryptographicOperations.FixedTimeEquals(TraceEncoding.TensorDigest(tensor), d)
            ? VerificationResult.Valid($"the {TensorDataTypes.Name(tensor.DataType)} {tensor.ShapeText} tensor is output {output} of {Node.Describe()}")
            : VerificationResult.Rejected($"the tensor is not output {output} of {Node.Describe()}: its digest {Hex.Encode(TraceEncoding.TensorDigest(tensor))} differs from the committed {Hex.Encode(d)}");
    }

    /// <summary>The JSON object (see the type remarks).</summary>
    public JsonObject ToJson()
    {
        var outputs = new JsonArray();
        foreach (var d in Node.OutputDigests) outputs.Add(d is null ? null : JsonValue.Create(Hex.Encode(d)));
        var proof = new JsonArray();
        foreach (var p in Proof) proof.Add(Hex.Encode(p));
        return new JsonObject
        {
            ["_type"] = Type,
            ["traceRoot"] = Hex.Encode(TraceRoot),
            ["nodeCount"] = NodeCount,
            ["index"] = Node.Id,
            ["node"] = new JsonObject
            {
                ["domain"] = Node.Domain,
                ["opType"] = Node.OpType,
                ["opsetVersion"] = Node.OpsetVersion,
                ["name"] = Node.Name,
                ["outputs"] = outputs,
            },
            ["leafHash"] = Hex.Encode(Node.LeafHash),
            ["proof"] = proof,
        };
    }

    /// <summary>The file form: canonical JSON (RFC 8785) and a newline.</summary>
    public byte[] ToBytes() => [.. CanonicalJson.Canonicalize(ToJson()), (byte)'\n'];

    /// <summary>Parses the file form strictly (exactly the fields in the type remarks, canonical, bounded).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <exception cref="ProvenantFormatException">Anything else; the message names the field.</exception>
    public static TraceNodeProof Parse(ReadOnlySpan<byte> bytes, string source = "trace node proof")
    {
        var json = CanonicalJson.ParseFileObject(bytes, source, MaxProofBytes, "'provenant trace prove'");
        ProofJsonFields.AllowOnly(json, TopFields, source, "");
        var type = ProofJsonFields.String(json["_type"], source, "_type", 200);
        if (type != Type) throw new ProvenantFormatException(source, "_type", Type, $"\"{type}\"");
        var root = ProofJsonFields.Hash(json["traceRoot"], source, "traceRoot");
        var count = (int)ProofJsonFields.Integer(json["nodeCount"], source, "nodeCount", TraceFormat.MaxNodes);
        if (count == 0) throw new ProvenantFormatException(source, "nodeCount", "at least 1 node", "0");
        var index = (int)ProofJsonFields.Integer(json["index"], source, "index", count - 1);
        if (json["node"] is not JsonObject node) throw new ProvenantFormatException(source, "node", "an object", ProofJsonFields.Kind(json["node"]));
        ProofJsonFields.AllowOnly(node, NodeFields, source, "node.");
        var domain = ProofJsonFields.String(node["domain"], source, "node.domain", TraceFormat.MaxOpBytes);
        var op = ProofJsonFields.String(node["opType"], source, "node.opType", TraceFormat.MaxOpBytes);
        var opset = (int)ProofJsonFields.Integer(node["opsetVersion"], source, "node.opsetVersion", int.MaxValue);
        var name = ProofJsonFields.String(node["name"], source, "node.name", TraceFormat.MaxNameBytes);
        var outs = ProofJsonFields.Array(node["outputs"], source, "node.outputs", TraceFormat.MaxOutputs);
        var digests = new byte[]?[outs.Count];
        for (var j = 0; j < digests.Length; j++)
        {
            digests[j] = outs[j] is null ? null : ProofJsonFields.Hash(outs[j], source, $"node.outputs[{j}]");
        }
        var leaf = ProofJsonFields.Hash(json["leafHash"], source, "leafHash");
        var arr = ProofJsonFields.Array(json["proof"], source, "proof", 64);
        var proof = new byte[arr.Count][];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = ProofJsonFields.Hash(arr[i], source, $"proof[{i}]");
        }
        return new TraceNodeProof(root, count, new TraceNode(index, domain, op, opset, name, digests, leaf), proof);
    }
}
