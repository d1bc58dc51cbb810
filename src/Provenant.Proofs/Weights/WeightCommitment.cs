using System.Globalization;
using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Inference.Graph;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Weights;

/// <summary>
/// The commitment to a quantized model's integer weights: (layout digest, PCS root, variable count) over the one
/// multilinear polynomial in which <see cref="WeightLayout"/> places every QGemm/QConv weight and bias tensor. It is
/// computed once (<c>provenant commit-weights</c>), goes into the model's signed statement, and every inference proof
/// opens it: a claim "tensor T's MLE at p is v" becomes the PCS claim "the weight MLE at <see cref="MapPoint"/>(T, p)
/// is v".
/// </summary>
/// <remarks>
/// File form (<see cref="ToJsonBytes"/> / <see cref="Parse"/>): RFC 8785 canonical JSON followed by one newline,
/// <c>{"_type": "https://provenant.dev/weight-commitment/v1", "scheme": PcsParameters.Scheme, "variables": n,
/// "root": hex(32), "layoutDigest": "sha256:" + hex(SHA-256(canonical layout)), "layout": WeightLayout}</c>. Parsing
/// recomputes the layout digest and the scheme, so a file whose layout was edited is refused.
/// </remarks>
public sealed class WeightCommitment
{
    /// <summary>The statement type URI.</summary>
    public const string Type = "https://provenant.dev/weight-commitment/v1";

    /// <summary>Largest accepted commitment file (the layout of 65536 tensors fits comfortably).</summary>
    public const int MaxFileBytes = 16 << 20;

    private WeightCommitment(WeightLayout layout, byte[] root, PcsSecurityProfile profile, CircuitBinding? circuit = null)
    {
        Layout = layout;
        LayoutDigest = layout.Digest();
        Pcs = new PcsCommitment(root, layout.VariableCount, profile);
        Circuit = circuit;
    }

    /// <summary>The circuit this commitment is bound to, or null for a commitment to the weights alone.</summary>
    public CircuitBinding? Circuit { get; }

    /// <summary>The same commitment bound to a circuit (written as the optional <c>circuit</c> member).</summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes or the shape is empty or has a dimension below 1.</exception>
    public WeightCommitment WithCircuit(CircuitBinding circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (circuit.Digest.Length != 32) throw new ArgumentException("a circuit digest is 32 bytes");
        if (circuit.InputShape.Length == 0 || circuit.InputShape.Any(d => d < 1)) throw new ArgumentException("the input shape needs dimensions ≥ 1");
        return new WeightCommitment(Layout, Pcs.Root, Pcs.Profile, circuit);
    }

    /// <summary>Where each tensor lives in the committed MLE.</summary>
    public WeightLayout Layout { get; }

    /// <summary>SHA-256 of the layout's canonical JSON.</summary>
    public byte[] LayoutDigest { get; }

    /// <summary>The PCS commitment (root, n) to the weight MLE.</summary>
    public PcsCommitment Pcs { get; }

    /// <summary>n, the weight MLE's variable count.</summary>
    public int VariableCount => Pcs.VariableCount;

    /// <summary>The PCS root as hex.</summary>
    public string RootHex => Pcs.RootHex;

    /// <summary>Lays out and commits the weights of a quantized model under the default PCS profile.</summary>
    /// <returns>The public commitment and the prover data for opening it (<see cref="MultilinearPcs.Open"/>).</returns>
    /// <exception cref="UnsupportedFeatureException">See <see cref="WeightLayout.FromGraph"/>.</exception>
    public static (WeightCommitment Commitment, PcsProverData ProverData) Commit(ModelGraph graph, string source) =>
        Commit(graph, source, PcsParameters.DefaultProfile);

    /// <summary>Lays out and commits the weights of a quantized model under <paramref name="profile"/>; every proof
    /// against this commitment uses that profile for both of its openings.</summary>
    /// <returns>The public commitment and the prover data for opening it (<see cref="MultilinearPcs.Open"/>).</returns>
    /// <exception cref="UnsupportedFeatureException">See <see cref="WeightLayout.FromGraph"/>.</exception>
    public static (WeightCommitment Commitment, PcsProverData ProverData) Commit(ModelGraph graph, string source, PcsSecurityProfile profile)
    {
        var layout = WeightLayout.FromGraph(graph, source);
        var (pcs, data) = MultilinearPcs.Commit(layout.Evaluations(graph), layout.VariableCount, profile);
        return (new WeightCommitment(layout, pcs.Root, profile), data);
    }

    /// <summary>
    /// The point of the weight MLE where tensor <paramref name="tensor"/>'s own MLE (m variables, row-major with the
    /// last axis in the lowest variables, zero-padded) is evaluated at <paramref name="point"/>: point ‖ the n − m bits
    /// of the slot index (least significant first), as 0/1 constants.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown tensor, or the point does not have m coordinates.</exception>
    public GoldilocksExt2[] MapPoint(string tensor, ReadOnlySpan<GoldilocksExt2> point)
    {
        if (!TryMapPoint(tensor, point, out var mapped, out var reason)) throw new ArgumentException(reason, nameof(point));
        return mapped;
    }

    /// <summary>As <see cref="MapPoint"/>, returning false with a reason instead of throwing (for verifiers).</summary>
    public bool TryMapPoint(string tensor, ReadOnlySpan<GoldilocksExt2> point, out GoldilocksExt2[] mapped, out string reason)
    {
        mapped = [];
        var slot = tensor is null ? null : Layout.Find(tensor);
        if (slot is null)
        {
            reason = $"weight commitment: no committed tensor '{tensor}'";
            return false;
        }
        if (point.Length != slot.Variables)
        {
            reason = $"weight commitment: tensor '{tensor}' has {slot.Variables} variables, the point has {point.Length} coordinates";
            return false;
        }
        mapped = new GoldilocksExt2[VariableCount];
        point.CopyTo(mapped);
        for (int i = slot.Variables; i < VariableCount; i++)
            mapped[i] = ((slot.SlotIndex >> (i - slot.Variables)) & 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero;
        reason = "";
        return true;
    }

    /// <summary>
    /// Opens claims "tensor T's MLE at p" (each point has the tensor's variable count) with one
    /// <see cref="BatchedOpening"/> proof of the weight MLE (size independent of the number of claims). Absorbs nothing
    /// about the commitment itself: call <see cref="AbsorbInto"/> first where the protocol needs it.
    /// </summary>
    /// <returns>The tensor MLE values in claim order, and the proof.</returns>
    /// <exception cref="ArgumentException">Unknown tensor, wrong point length, or no claims.</exception>
    public (GoldilocksExt2[] Values, BatchedOpeningProof Proof) OpenClaims(PcsProverData proverData,
        IReadOnlyList<(string Tensor, GoldilocksExt2[] Point)> claims, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(proverData);
        ArgumentNullException.ThrowIfNull(claims);
        if (!proverData.Commitment.Equals(Pcs)) throw new ArgumentException("weight commitment: the prover data belongs to another commitment", nameof(proverData));
        var points = claims.Select(c => MapPoint(c.Tensor, c.Point)).ToArray();
        return BatchedOpening.Open(proverData, points, transcript);
    }

    /// <summary>
    /// Verifies claims "tensor T's MLE at p is v" against this commitment with a <see cref="BatchedOpening"/> proof.
    /// Unknown tensors and wrong point lengths are rejections; never throws.
    /// </summary>
    public VerificationResult VerifyClaims(IReadOnlyList<(string Tensor, GoldilocksExt2[] Point, GoldilocksExt2 Value)> claims,
        BatchedOpeningProof proof, Transcript transcript)
    {
        if (claims is null) return VerificationResult.Rejected("weight claims: none given");
        var points = new GoldilocksExt2[claims.Count][];
        for (int i = 0; i < claims.Count; i++)
        {
            if (claims[i].Point is null) return VerificationResult.Rejected($"weight claim {i}: no point");
            if (!TryMapPoint(claims[i].Tensor, claims[i].Point, out points[i], out var reason))
                return VerificationResult.Rejected($"weight claim {i}: {reason}");
        }
        return BatchedOpening.Verify(Pcs, points, claims.Select(c => c.Value).ToArray(), proof, transcript);
    }

    /// <summary>Absorbs the commitment (scheme, layout digest, n, root) into a transcript, under "weights/…" labels.</summary>
    public void AbsorbInto(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        transcript.Absorb("weights/scheme", System.Text.Encoding.UTF8.GetBytes(Pcs.Parameters.Scheme));
        transcript.Absorb("weights/layout-digest", LayoutDigest);
        transcript.Absorb("weights/variables", (ulong)VariableCount);
        transcript.Absorb("weights/root", Pcs.Root);
    }

    /// <summary>The JSON object (see the remarks).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["_type"] = Type,
            ["scheme"] = Pcs.Parameters.Scheme,
            ["variables"] = VariableCount,
            ["root"] = RootHex,
            ["layoutDigest"] = "sha256:" + Hex.Encode(LayoutDigest),
            ["layout"] = Layout.ToJson(),
        };
        if (Circuit is { } c)
        {
            o["circuit"] = new JsonObject { ["digest"] = Hex.Encode(c.Digest), ["inputShape"] = new JsonArray([.. c.InputShape.Select(d => (JsonNode)d)]) };
        }
        return o;
    }

    /// <summary>The file form: canonical JSON and one newline.</summary>
    public byte[] ToJsonBytes() => [.. CanonicalJson.Canonicalize(ToJson()), (byte)'\n'];

    /// <summary>Reads the file form and checks its type, scheme, root, variable count and layout digest.</summary>
    /// <exception cref="ProvenantFormatException">Anything malformed or inconsistent (names the field).</exception>
    public static WeightCommitment Parse(ReadOnlySpan<byte> bytes, string source)
    {
        var json = CanonicalJson.ParseFileObject(bytes, source, MaxFileBytes, "provenant commit-weights");
        bool bound = json.ContainsKey("circuit");
        if (json.Count != (bound ? 7 : 6)) throw new ProvenantFormatException(source, "$", "exactly the members _type, scheme, variables, root, layoutDigest, layout and optionally circuit");
        if (WeightLayout.Str(json["_type"], source, "_type") != Type) throw new ProvenantFormatException(source, "_type", Type, json["_type"]?.ToJsonString());
        if (json["layout"] is not JsonObject layoutJson) throw new ProvenantFormatException(source, "layout", "an object");
        var layout = WeightLayout.FromJson(layoutJson, source);
        int n = WeightLayout.Int(json["variables"], source, "variables", 0, WeightLayout.MaxVariables);
        if (n != layout.VariableCount) throw new ProvenantFormatException(source, "variables", $"the layout's {layout.VariableCount}", n.ToString(CultureInfo.InvariantCulture));
        if (!Hex.TryDecode(WeightLayout.Str(json["root"], source, "root"), out var root) || root.Length != 32)
            throw new ProvenantFormatException(source, "root", "64 hex digits");
        string scheme = WeightLayout.Str(json["scheme"], source, "scheme");
        var profiles = Enum.GetValues<PcsSecurityProfile>().Where(p => n <= PcsParameters.MaxVariablesOf(p)).ToArray();
        var matching = profiles.Where(p => PcsParameters.For(n, p).Scheme == scheme).ToArray();
        if (matching.Length != 1)
            throw new ProvenantFormatException(source, "scheme", string.Join(" or ", profiles.Select(p => PcsParameters.For(n, p).Scheme)), json["scheme"]?.ToJsonString());
        var profile = matching[0];
        var commitment = new WeightCommitment(layout, root, profile, bound ? ParseCircuit(json["circuit"], source) : null);
        string digest = "sha256:" + Hex.Encode(commitment.LayoutDigest);
        if (WeightLayout.Str(json["layoutDigest"], source, "layoutDigest") != digest)
            throw new ProvenantFormatException(source, "layoutDigest", digest + " (the digest of the layout in this file)", json["layoutDigest"]?.ToJsonString());
        return commitment;
    }

    private static CircuitBinding ParseCircuit(JsonNode? node, string source)
    {
        if (node is not JsonObject o || o.Count != 2) throw new ProvenantFormatException(source, "circuit", "an object with exactly digest and inputShape");
        if (!Hex.TryDecode(WeightLayout.Str(o["digest"], source, "circuit.digest"), out var digest) || digest.Length != 32)
            throw new ProvenantFormatException(source, "circuit.digest", "64 hex digits");
        if (o["inputShape"] is not JsonArray dims || dims.Count is 0 or > 8) throw new ProvenantFormatException(source, "circuit.inputShape", "an array of 1 to 8 dimensions");
        var shape = new int[dims.Count];
        for (int i = 0; i < shape.Length; i++) shape[i] = WeightLayout.Int(dims[i], source, $"circuit.inputShape[{i}]", 1, 1 << 24);
        return new CircuitBinding(digest, shape);
    }

    /// <summary>A one-line summary: tensors, parameters, variables, root.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Layout.Slots.Count} tensors, {Layout.Slots.Sum(s => s.ElementCount)} parameters in 2^{VariableCount} slots, root {RootHex}");
}
