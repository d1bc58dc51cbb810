using System.Globalization;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Tests.Cbor;

/// <summary>RFC 8949 §8 diagnostic notation (definite-length form) for comparing decoded items with the appendix.</summary>
internal static class CborDiagnostic
{
    public static string Print(CborNode node) => node switch
    {
        CborInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        CborByteString b => "h'" + Convert.ToHexStringLower(b.Value) + "'",
        CborTextString t => "\"" + t.Value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        CborArray a => "[" + string.Join(", ", a.Items.Select(Print)) + "]",
        CborMap m => "{" + string.Join(", ", m.Entries.Select(e => Print(e.Key) + ": " + Print(e.Value))) + "}",
        CborTag tag => $"{tag.Tag}({Print(tag.Content)})",
        CborSimple s => s.Value switch { 20 => "false", 21 => "true", 22 => "null", 23 => "undefined", _ => $"simple({s.Value})" },
        CborFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(node.GetType().Name),
    };
}
