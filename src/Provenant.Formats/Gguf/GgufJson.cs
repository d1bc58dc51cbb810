using System.Globalization;
using System.Text.Json.Nodes;

namespace Provenant.Formats.Gguf;

/// <summary>Display forms of GGUF metadata values: a type name (<c>uint32</c>, <c>array[string]</c>) and JSON, with
/// arrays longer than <see cref="MaxListed"/> elements summarised as <c>{"count": n, "head": [first 8]}</c>.</summary>
internal static class GgufJson
{
    public const int MaxListed = 16;
    private const int HeadLength = 8;

    public static string TypeName(GgufValueType type, object value) => type switch
    {
        GgufValueType.Array when value is GgufArray a => $"array[{(a.ElementType == GgufValueType.Array && a.Count > 0 ? TypeName(GgufValueType.Array, a.Items.GetValue(0)!) : Name(a.ElementType))}]",
        _ => Name(type),
    };

    public static JsonNode? ToJson(object value) => value switch
    {
        GgufArray a when a.Count <= MaxListed => List(a, a.Count),
        GgufArray a => new JsonObject { ["count"] = a.Count, ["head"] = List(a, HeadLength) },
        float f => float.IsFinite(f) ? JsonValue.Create(f) : JsonValue.Create(f.ToString(CultureInfo.InvariantCulture)),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        byte or sbyte or ushort or short or uint or int or ulong or long => JsonNode.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonArray List(GgufArray a, int n)
    {
        var arr = new JsonArray();
        for (var i = 0; i < Math.Min(n, a.Count); i++) arr.Add(ToJson(a.Items.GetValue(i)!));
        return arr;
    }

    private static string Name(GgufValueType t) => t switch
    {
        GgufValueType.UInt8 => "uint8",
        GgufValueType.Int8 => "int8",
        GgufValueType.UInt16 => "uint16",
        GgufValueType.Int16 => "int16",
        GgufValueType.UInt32 => "uint32",
        GgufValueType.Int32 => "int32",
        GgufValueType.Float32 => "float32",
        GgufValueType.Bool => "bool",
        GgufValueType.String => "string",
        GgufValueType.Array => "array",
        GgufValueType.UInt64 => "uint64",
        GgufValueType.Int64 => "int64",
        _ => "float64",
    };
}
