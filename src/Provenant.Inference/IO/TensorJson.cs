using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.IO;

/// <summary>
/// Tensors as JSON (docs/inference.md). Named form, read and written:
/// <c>{"x": {"dtype": "float32", "shape": [1,3], "data": [0.5, 1, 2]}}</c> with <c>data</c> flat
/// row-major (nested arrays are accepted and flattened); non-finite floats are the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>. ezkl form, read only:
/// <c>{"input_data": [[…], …], "input_shapes": [[…], …]}</c> where list i feeds graph input i (a
/// single-input graph takes all values, e.g. a batch of samples), shapes default to the declared ones
/// and one unknown dimension is inferred from the value count.
/// </summary>
public static class TensorJson
{
    /// <summary>Largest JSON input accepted, in bytes.</summary>
    public const long MaxBytes = 256L << 20;

    private static readonly (string Name, TensorDataType Type)[] Names =
    [
        ("float32", TensorDataType.Float32), ("float64", TensorDataType.Float64), ("float16", TensorDataType.Float16),
        ("bfloat16", TensorDataType.BFloat16), ("int8", TensorDataType.Int8), ("uint8", TensorDataType.UInt8),
        ("int16", TensorDataType.Int16), ("uint16", TensorDataType.UInt16), ("int32", TensorDataType.Int32),
        ("uint32", TensorDataType.UInt32), ("int64", TensorDataType.Int64), ("uint64", TensorDataType.UInt64),
        ("bool", TensorDataType.Bool),
    ];

    /// <summary>The JSON dtype name, e.g. <c>float32</c>.</summary>
    public static string DtypeName(TensorDataType type) => Names.First(n => n.Type == type).Name;

    /// <summary>Parses model inputs from JSON in either form, typed and shaped by <paramref name="graph"/>'s inputs.</summary>
    /// <exception cref="ProvenantFormatException">Malformed JSON, unknown dtype, values that do not fill the shape or do not fit the type.</exception>
    public static Dictionary<string, Tensor> ReadInputs(byte[] json, string file, ModelGraph graph)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException(file, "JSON", "well-formed JSON", e.Message, inner: e);
        }
        if (root is not JsonObject obj)
        {
            throw new ProvenantFormatException(file, "(root)", "a JSON object");
        }
        return obj.ContainsKey("input_data") ? ReadEzkl(obj, file, graph) : ReadNamed(obj, file, graph);
    }

    /// <summary>Parses named tensors (<c>{"name": {"dtype", "shape", "data"}}</c>) without a graph.</summary>
    /// <exception cref="ProvenantFormatException">Malformed content.</exception>
    public static Dictionary<string, Tensor> ReadNamed(byte[] json, string file)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new ProvenantFormatException(file, "(root)", "a JSON object");
        return ReadNamed(root, file, null);
    }

    /// <summary>Writes tensors in the named form (indented, invariant culture, float32 as shortest round-trip text).</summary>
    public static byte[] Write(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var (name, t) in tensors)
            {
                w.WritePropertyName(name);
                w.WriteStartObject();
                w.WriteString("dtype", DtypeName(t.DataType));
                w.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    w.WriteNumberValue(d);
                }
                w.WriteEndArray();
                w.WriteStartArray("data");
                for (var i = 0; i < t.Length; i++)
                {
                    WriteElement(w, t, i);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static void WriteElement(Utf8JsonWriter w, Tensor t, int i)
    {
        switch (t.Buffer)
        {
            case bool[] b: w.WriteBooleanValue(b[i]); return;
            case long[] l: w.WriteNumberValue(l[i]); return;
            case ulong[] u: w.WriteNumberValue(u[i]); return;
            case float[] f when float.IsFinite(f[i]): w.WriteRawValue(f[i].ToString("R", CultureInfo.InvariantCulture)); return;
        }
        var v = t.GetDouble(i);
        if (double.IsFinite(v))
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static Dictionary<string, Tensor> ReadNamed(JsonObject obj, string file, ModelGraph? graph)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in obj)
        {
            var field = name;
            if (node is not JsonObject t)
            {
                throw new ProvenantFormatException(file, field, "an object {\"dtype\", \"shape\", \"data\"}");
            }
            var declared = graph?.Values.GetValueOrDefault(name);
            TensorDataType type;
            if (t["dtype"] is JsonValue dv && dv.TryGetValue<string>(out var dtype))
            {
                type = ParseDtype(dtype, file, field + ".dtype");
            }
            else
            {
                type = declared?.DataType ?? throw new ProvenantFormatException(file, field + ".dtype", "a dtype such as \"float32\"");
            }
            var values = Flatten(t["data"], file, field + ".data");
            int[] shape = t["shape"] is JsonArray sa
                ? sa.Select((d, i) => d is JsonValue v && v.TryGetValue<int>(out var x) && x >= 0 ? x : throw new ProvenantFormatException(file, $"{field}.shape[{i}]", "a dimension ≥ 0")).ToArray()
                : ResolveShape(declared, values.Count, file, field);
            result[name] = Build(type, shape, values, file, field + ".data");
        }
        return result;
    }

    private static Dictionary<string, Tensor> ReadEzkl(JsonObject obj, string file, ModelGraph graph)
    {
        var data = obj["input_data"] as JsonArray ?? throw new ProvenantFormatException(file, "input_data", "an array of value lists");
        var shapes = obj["input_shapes"] as JsonArray;
        var inputs = graph.Inputs;
        List<JsonNode?> lists = inputs.Count == 1 ? [data] : [.. data];
        if (lists.Count != inputs.Count)
        {
            throw new ProvenantFormatException(file, "input_data", $"{inputs.Count} value lists (one per graph input)", lists.Count.ToString(CultureInfo.InvariantCulture));
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var field = $"input_data[{i}]";
            var values = Flatten(lists[i], file, field);
            // The declared shape wins; input_shapes only fills in when the declaration cannot be resolved
            // (ezkl files sometimes list [3] for a [batch_size,3] input).
            int[] shape;
            try
            {
                shape = ResolveShape(inputs[i], values.Count, file, field);
            }
            catch (ProvenantFormatException) when (shapes is not null && i < shapes.Count && shapes[i] is JsonArray s)
            {
                shape = s.Select((d, j) => d is JsonValue v && v.TryGetValue<int>(out var x) && x >= 0 ? x
                    : throw new ProvenantFormatException(file, $"input_shapes[{i}][{j}]", "a dimension ≥ 0")).ToArray();
            }
            var type = inputs[i].DataType ?? TensorDataType.Float32;
            result[inputs[i].Name] = Build(type, shape, values, file, field);
        }
        return result;
    }

    /// <summary>The declared shape with fixed dims kept and one unknown dim inferred from <paramref name="count"/>.</summary>
    private static int[] ResolveShape(GraphValue? declared, int count, string file, string field)
    {
        if (declared?.Shape is not { } dims)
        {
            return [count];
        }
        var known = dims.Where(d => d is not null).Aggregate(1L, (p, d) => p * d!.Value);
        var unknown = dims.Count(d => d is null);
        if (unknown == 0 && known == count)
        {
            return dims.Select(d => d!.Value).ToArray();
        }
        if (unknown == 1 && known > 0 && count % known == 0)
        {
            return dims.Select(d => d ?? (int)(count / known)).ToArray();
        }
        throw new ProvenantFormatException(file, field, $"values filling the declared shape {declared.ShapeText} of '{declared.Name}'", $"{count} values");
    }

    private static TensorDataType ParseDtype(string s, string file, string field)
    {
        var lower = s.ToLowerInvariant();
        lower = lower switch { "float" => "float32", "double" => "float64", "half" => "float16", _ => lower };
        foreach (var (name, type) in Names)
        {
            if (name == lower || TensorDataTypes.Name(type).Equals(s, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }
        throw new ProvenantFormatException(file, field, "one of " + string.Join(", ", Names.Select(n => n.Name)), $"\"{s}\"");
    }

    private static List<JsonNode?> Flatten(JsonNode? node, string file, string field)
    {
        var result = new List<JsonNode?>();
        void Walk(JsonNode? n)
        {
            if (n is JsonArray a)
            {
                foreach (var x in a)
                {
                    Walk(x);
                }
            }
            else
            {
                result.Add(n);
            }
        }
        if (node is null)
        {
            throw new ProvenantFormatException(file, field, "an array of values");
        }
        Walk(node);
        return result;
    }

    private static Tensor Build(TensorDataType type, int[] shape, List<JsonNode?> values, string file, string field)
    {
        int size;
        try
        {
            size = TensorShape.Size(shape);
        }
        catch (ArgumentException e)
        {
            throw new ProvenantFormatException(file, field, "a shape of at most 2^31−1 elements", e.Message);
        }
        if (size != values.Count)
        {
            throw new ProvenantFormatException(file, field, $"{size} values for shape {TensorShape.ToText(shape)}", $"{values.Count} values");
        }
        var d = new double[size];
        var exactInts = type is TensorDataType.Int64 or TensorDataType.UInt64;
        var ints = exactInts ? new long[size] : null;
        for (var i = 0; i < size; i++)
        {
            d[i] = Number(values[i], file, $"{field}[{i}]");
            if (ints is not null)
            {
                ints[i] = values[i] is JsonValue v && v.TryGetValue<long>(out var l) ? l : IntegerOf(d[i], file, $"{field}[{i}]");
            }
            else if (!TensorDataTypes.IsFloat(type) && type != TensorDataType.Bool)
            {
                IntegerOf(d[i], file, $"{field}[{i}]");
            }
        }
        if (ints is not null)
        {
            return type == TensorDataType.Int64
                ? Tensor.FromArray(ints, shape)
                : Tensor.FromArray(ints.Select(v => v >= 0 ? (ulong)v : throw new ProvenantFormatException(file, field, "values ≥ 0 for uint64")).ToArray(), shape);
        }
        var t = Tensor.FromArray(d, shape);
        return Engine.Kernels.CastKernels.Convert(ConversionNode, t, type);
    }

    private static long IntegerOf(double v, string file, string field) =>
        v == Math.Floor(v) && Math.Abs(v) < 9.007199254740992e15 ? (long)v : throw new ProvenantFormatException(file, field, "an integer", v.ToString("R", CultureInfo.InvariantCulture));

    private static double Number(JsonNode? n, string file, string field)
    {
        if (n is JsonValue v)
        {
            if (v.TryGetValue<double>(out var d))
            {
                return d;
            }
            if (v.TryGetValue<bool>(out var b))
            {
                return b ? 1 : 0;
            }
            if (v.TryGetValue<string>(out var s))
            {
                switch (s)
                {
                    case "NaN": return double.NaN;
                    case "Infinity": return double.PositiveInfinity;
                    case "-Infinity": return double.NegativeInfinity;
                }
            }
        }
        throw new ProvenantFormatException(file, field, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")", n?.ToJsonString() ?? "null");
    }

    private static readonly GraphNode ConversionNode = GraphNode.Synthetic("json-input", "Cast");

    /// <summary>UTF-8 text of <see cref="Write"/>.</summary>
    public static string WriteString(IEnumerable<KeyValuePair<string, Tensor>> tensors) => Encoding.UTF8.GetString(Write(tensors));
}
