using System.Text.Json;

namespace Provenant.Server.Provenance.Verifiers;

/// <summary>Reads optional fields of a verify request without throwing.</summary>
internal static class RequestFields
{
    public static string? String(JsonElement request, string name) =>
        request.ValueKind == JsonValueKind.Object && request.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Object(JsonElement request, string name) =>
        request.ValueKind == JsonValueKind.Object && request.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    /// <summary>A base64 field decoded, or null when absent; a failed check when it is not base64.</summary>
    public static byte[]? Base64(JsonElement request, string name, List<VerificationCheck> checks)
    {
        if (String(request, name) is not { } s) return null;
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            checks.Add(new VerificationCheck("request." + name, false, $"'{name}' is not base64"));
            return null;
        }
    }
}
