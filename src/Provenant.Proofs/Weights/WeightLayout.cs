using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Weights;

/// <summary>
/// Where each integer parameter tensor of a quantized model (ai.provenant.quant v1: the int8 weights, input 2, and the
/// int32 biases, input 3, of every QGemm and QConv, and the int8 constant operands of QAdd; docs/quantization.md) lives in the one multilinear polynomial the
/// weight commitment covers.
/// </summary>
/// <remarks>
/// <para>Layout rule: tensors are collected in node order (weight, then bias; each initializer once), sorted by slot
/// size 2^m descending (stable), and packed back to back from index 0, so every offset is a multiple of its slot size;
/// the total is padded with zeros to 2^n. Values embed as signed integers mod p (<see cref="Goldilocks.FromInt64"/>).</para>
/// <para>JSON form (<see cref="ToJson"/>): <c>{"variables": n, "tensors": [{"name", "type", "shape", "offset",
/// "variables"}, …]}</c> in slot order; its digest (<see cref="Digest"/>) is SHA-256 over the RFC 8785 canonical
/// bytes.</para>
/// </remarks>
public sealed class WeightLayout
{
    /// <summary>Most tensors a layout may hold.</summary>
    public const int MaxTensors = 65536;

    /// <summary>Most variables of the weight MLE (2^28 parameters).</summary>
    public const int MaxVariables = 28;

    private readonly Dictionary<string, WeightTensorSlot> _byName;

    private WeightLayout(IReadOnlyList<WeightTensorSlot> slots, int variableCount)
    {
        Slots = slots;
        VariableCount = variableCount;
        _byName = slots.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>The tensors in slot order (descending slot size, then model order).</summary>
    public IReadOnlyList<WeightTensorSlot> Slots { get; }

    /// <summary>n, the number of variables of the weight MLE.</summary>
    public int VariableCount { get; }

    /// <summary>The slot of a tensor by initializer name, or null.</summary>
    public WeightTensorSlot? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Collects and lays out the QGemm/QConv weights and biases and the QAdd constant operands of a quantized model.</summary>
    /// <exception cref="UnsupportedFeatureException">The model is not quantized, has no QGemm/QConv, or a parameter has the wrong type or is not an initializer.</exception>
    public static WeightLayout FromGraph(ModelGraph graph, string source)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!graph.Opsets.ContainsKey(QuantDomain.Name))
            throw new UnsupportedFeatureException($"{source}: not a quantized model (it does not import {QuantDomain.Name}); run provenant quantize first");
        var collected = new List<(string Name, Tensor Tensor)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            if (node.Domain != QuantDomain.Name) continue;
            (int, TensorDataType)[] parameters = node.OpType switch
            {
                QuantDomain.QGemm or QuantDomain.QConv => [(2, TensorDataType.Int8), (3, TensorDataType.Int32)],
                // A QAdd operand that is a constant (e.g. a broadcast bias) is a weight; activation operands are not.
                QuantDomain.QAdd => [.. new[] { 0, 2 }.Where(i => graph.Initializers.ContainsKey(node.Inputs[i])).Select(i => (i, TensorDataType.Int8))],
                _ => [],
            };
            foreach (var (input, type) in parameters)
            {
                if (!node.HasInput(input)) continue;
                string name = node.Inputs[input];
                if (!graph.Initializers.TryGetValue(name, out var tensor))
                    throw new UnsupportedFeatureException($"{source}: {node}: input {input} '{name}' is not an initializer");
                if (tensor.DataType != type)
                    throw new UnsupportedFeatureException($"{source}: {node}: input {input} '{name}' is {TensorDataTypes.Name(tensor.DataType)}, expected {TensorDataTypes.Name(type)}");
                if (tensor.Length == 0) throw new UnsupportedFeatureException($"{source}: {node}: input {input} '{name}' is empty");
                if (seen.Add(name)) collected.Add((name, tensor));
            }
        }
        if (collected.Count == 0) throw new UnsupportedFeatureException($"{source}: the model has no QGemm or QConv parameters to commit");
        var ordered = collected
            .Select((t, i) => (t.Name, t.Tensor, Order: i, Variables: new Layers.TensorLayout([.. t.Tensor.Shape.DefaultIfEmpty(1)]).VariableCount))
            .OrderByDescending(t => t.Variables).ThenBy(t => t.Order).ToList();
        long offset = 0;
        var slots = new List<WeightTensorSlot>(ordered.Count);
        foreach (var t in ordered)
        {
            slots.Add(new WeightTensorSlot(t.Name, t.Tensor.DataType == TensorDataType.Int8 ? "int8" : "int32", t.Tensor.Shape.ToArray(), offset, t.Variables));
            offset += 1L << t.Variables;
        }
        int n = MultilinearExtension.VariableCount(offset);
        if (n > MaxVariables) throw new UnsupportedFeatureException($"{source}: {offset} parameter slots exceed the 2^{MaxVariables} the weight commitment supports");
        return new WeightLayout(slots, n);
    }

    /// <summary>The 2^n evaluations: each tensor's values at its slot, zeros elsewhere.</summary>
    /// <exception cref="ArgumentException">The graph lacks a tensor of the layout or a tensor's size differs.</exception>
    public Goldilocks[] Evaluations(ModelGraph graph)
    {
        var values = new Goldilocks[1L << VariableCount];
        foreach (var slot in Slots)
        {
            if (!graph.Initializers.TryGetValue(slot.Name, out var tensor) || tensor.Length != slot.ElementCount)
                throw new ArgumentException($"weight layout: the graph has no tensor '{slot.Name}' of {slot.ElementCount} elements");
            // Per-axis padded layout (Layers.TensorLayout), the layout every layer gadget's claims use.
            var destination = values.AsSpan((int)slot.Offset, (int)slot.SlotSize);
            var padded = new Layers.TensorLayout([.. slot.Shape.DefaultIfEmpty(1)]);
            if (tensor.DataType == TensorDataType.Int8 && slot.ElementType == "int8")
            {
                var source = tensor.AsSpan<sbyte>();
                for (int i = 0; i < source.Length; i++) destination[padded.PaddedIndex(i)] = Goldilocks.FromInt64(source[i]);
            }
            else if (tensor.DataType == TensorDataType.Int32 && slot.ElementType == "int32")
            {
                var source = tensor.AsSpan<int>();
                for (int i = 0; i < source.Length; i++) destination[padded.PaddedIndex(i)] = Goldilocks.FromInt64(source[i]);
            }
            else
            {
                throw new ArgumentException($"weight layout: tensor '{slot.Name}' is {TensorDataTypes.Name(tensor.DataType)}, the layout says {slot.ElementType}");
            }
        }
        return values;
    }

    /// <summary>The JSON description (see the remarks).</summary>
    public JsonObject ToJson() => new()
    {
        ["variables"] = VariableCount,
        ["tensors"] = new JsonArray(Slots.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["type"] = s.ElementType,
            ["shape"] = new JsonArray(s.Shape.Select(d => (JsonNode)d).ToArray()),
            ["offset"] = s.Offset,
            ["variables"] = s.Variables,
        }).ToArray()),
    };

    /// <summary>SHA-256 of the canonical JSON (RFC 8785) of <see cref="ToJson"/>.</summary>
    public byte[] Digest() => SHA256.HashData(CanonicalJson.Canonicalize(ToJson()));

    /// <summary>
    /// Reads and checks a layout: known types, positive dimensions, element counts that fit their slots, aligned
    /// non-overlapping slots inside 2^n, at most <see cref="MaxTensors"/> tensors, unique names.
    /// </summary>
    /// <exception cref="ProvenantFormatException">Anything malformed (names the field).</exception>
    public static WeightLayout FromJson(JsonObject json, string source)
    {
        int n = Int(json["variables"], source, "layout.variables", 0, MaxVariables);
        if (json["tensors"] is not JsonArray tensors || tensors.Count == 0 || tensors.Count > MaxTensors)
            throw new ProvenantFormatException(source, "layout.tensors", $"an array of 1 … {MaxTensors} tensors");
        if (json.Count != 2) throw new ProvenantFormatException(source, "layout", "exactly the members variables and tensors");
        var slots = new List<WeightTensorSlot>(tensors.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long next = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            string f = $"layout.tensors[{i}]";
            if (tensors[i] is not JsonObject t || t.Count != 5) throw new ProvenantFormatException(source, f, "an object with name, type, shape, offset, variables");
            string name = Str(t["name"], source, f + ".name");
            string type = Str(t["type"], source, f + ".type");
            if (type != "int8" && type != "int32") throw new ProvenantFormatException(source, f + ".type", "\"int8\" or \"int32\"", type);
            if (t["shape"] is not JsonArray shapeJson || shapeJson.Count > 8) throw new ProvenantFormatException(source, f + ".shape", "an array of at most 8 dimensions");
            var shape = shapeJson.Select((d, j) => Int(d, source, $"{f}.shape[{j}]", 1, int.MaxValue)).ToArray();
            long product = 1;
            foreach (int d in shape)
            {
                product *= d; // each factor ≤ 2^31 and the running product ≤ 2^n ≤ 2^28 before it: no overflow
                if (product > 1L << n) throw new ProvenantFormatException(source, f + ".shape", $"at most 2^{n} elements in all");
            }
            int m = Int(t["variables"], source, f + ".variables", 0, n);
            long offset = Long(t["offset"], source, f + ".offset", 0, 1L << n);
            var slot = new WeightTensorSlot(name, type, shape, offset, m);
            int expected = new Layers.TensorLayout(shape.Length == 0 ? [1] : shape).VariableCount;
            if (m != expected)
                throw new ProvenantFormatException(source, f + ".variables", $"{expected} (Σ ⌈log2 dimension⌉)", m.ToString(CultureInfo.InvariantCulture));
            if (offset != next || offset % slot.SlotSize != 0 || offset + slot.SlotSize > 1L << n)
                throw new ProvenantFormatException(source, f + ".offset", $"{next}, aligned to {slot.SlotSize} and inside 2^{n}", offset.ToString(CultureInfo.InvariantCulture));
            if (i > 0 && m > slots[i - 1].Variables) throw new ProvenantFormatException(source, f + ".variables", "slots in descending size");
            if (!names.Add(name)) throw new ProvenantFormatException(source, f + ".name", "unique tensor names", name);
            next = offset + slot.SlotSize;
            slots.Add(slot);
        }
        if (MultilinearExtension.VariableCount(next) != n) throw new ProvenantFormatException(source, "layout.variables", $"⌈log2 {next}⌉", n.ToString(CultureInfo.InvariantCulture));
        return new WeightLayout(slots, n);
    }

    internal static int Int(JsonNode? node, string source, string field, int min, int max) => (int)Long(node, source, field, min, max);

    internal static long Long(JsonNode? node, string source, string field, long min, long max)
    {
        if (node is JsonValue v && v.TryGetValue<long>(out long x) && x >= min && x <= max) return x;
        throw new ProvenantFormatException(source, field, $"an integer in [{min}, {max}]", node?.ToJsonString());
    }

    internal static string Str(JsonNode? node, string source, string field)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length is > 0 and <= 4096) return s;
        throw new ProvenantFormatException(source, field, "a string of 1 … 4096 characters", node?.ToJsonString());
    }
}
