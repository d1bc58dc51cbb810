using System.Text;
using Provenant.Core.Errors;
using Provenant.Signing.Json;
using Provenant.Signing.Sigstore;

namespace Provenant.Signing.Tests.Json;

public class JsonCursorTests
{
    // {"mediaType":"<0xC3 0x28>"}: a lead byte followed by a non-continuation byte inside a string.
    private static byte[] WithInvalidUtf8(string before, string after) =>
        [.. Encoding.UTF8.GetBytes(before), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(after)];

    [Fact]
    public void InvalidUtf8InAStringIsAFormatErrorNamingTheField()
    {
        var json = WithInvalidUtf8("{\"a\":\"", "\"}");
        using var doc = JsonCursor.ParseDocument(json, "x.json");
        var cursor = new JsonCursor(doc.RootElement, "x.json", "$");
        var e = Assert.Throws<ProvenantFormatException>(() => cursor.Required("a").String());
        Assert.Contains("x.json", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void InvalidUtf8InAMemberNameIsAFormatError()
    {
        var json = WithInvalidUtf8("{\"", "\":1}");
        using var doc = JsonCursor.ParseDocument(json, "x.json");
        var cursor = new JsonCursor(doc.RootElement, "x.json", "$");
        Assert.Throws<ProvenantFormatException>(() => cursor.AllowOnly("a"));
    }

    [Fact]
    public void BundleWithInvalidUtf8IsRefusedWithAFormatError()
    {
        var json = WithInvalidUtf8("{\"mediaType\":\"", "\"}");
        Assert.Throws<ProvenantFormatException>(() => SigstoreBundle.Parse(json, "b.sigstore.json"));
    }
}
