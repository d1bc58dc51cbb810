using Utf8Text = System.Text.Encoding;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;

namespace Provenant.Core.Tests.Encoding;

public class CanonicalJsonTests
{
    private static string C(string json) => CanonicalJson.CanonicalizeToString(Utf8Text.UTF8.GetBytes(json));

    /// <summary>RFC 8785 §3.2.2.3 and Appendix B number serialization examples.</summary>
    [Theory]
    [InlineData("1e+30", "1e+30")]
    [InlineData("1E30", "1e+30")]
    [InlineData("4.50", "4.5")]
    [InlineData("0.002", "0.002")]
    [InlineData("4.5e-7", "4.5e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("-0", "0")]
    [InlineData("0.0", "0")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("123456789012345680000", "123456789012345680000")]
    [InlineData("0.1", "0.1")]
    [InlineData("100", "100")]
    public void NumbersUseEcmaScriptFormatting(string input, string expected) => Assert.Equal(expected, C(input));

    /// <summary>RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text.</summary>
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void AppendixBBitPatterns(ulong bits, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatNumber(BitConverter.UInt64BitsToDouble(bits)));

    /// <summary>RFC 8785 §3.2.3 sorting example.</summary>
    [Fact]
    public void SortsMembersByUtf16CodeUnits()
    {
        const string input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", " +
            "\"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\", \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
        var expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\"," +
            "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        Assert.Equal(expected, C(input));
    }

    /// <summary>RFC 8785 §3.2.2 example (structure, literals, strings, numbers).</summary>
    [Fact]
    public void Rfc8785MainExample()
    {
        const string input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n" +
            "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}";
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]," +
            "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        Assert.Equal(expected, C(input));
    }

    [Fact]
    public void NestedObjectsAreSortedAndWhitespaceRemoved() =>
        Assert.Equal("{\"a\":{\"x\":1,\"y\":[2,{\"b\":3,\"c\":4}]},\"b\":\"\"}", C(" { \"b\" : \"\" , \"a\" : { \"y\" : [ 2 , { \"c\":4,\"b\":3 } ], \"x\": 1.0 } } \n"));

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate")]
    [InlineData("NaN", "JSON value")]
    [InlineData("Infinity", "JSON value")]
    [InlineData("1e400", "double range")]
    [InlineData("\"\\ud800\"", "surrogate")]
    [InlineData("{\"a\":1", "JSON value")]
    [InlineData("1 2", "JSON value")]
    [InlineData("{\"a\":[1,{\"b\":1e400}]}", "$.a[1].b")]
    [InlineData("[0,{\"x\":{\"y\":\"\\udc00\"}}]", "surrogate")]
    public void RejectsInvalidInput(string json, string messagePart)
    {
        var e = Assert.Throws<ProvenantFormatException>(() => CanonicalJson.Canonicalize(Utf8Text.UTF8.GetBytes(json), "in.json"));
        Assert.Contains(messagePart, e.Message);
        Assert.StartsWith("in.json", e.Message);
    }

    [Fact]
    public void RejectsInvalidUtf8()
    {
        var e = Assert.Throws<ProvenantFormatException>(() => CanonicalJson.Canonicalize(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' }, "x"));
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void NodeOverloadMatchesTextOverload()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("{\"z\":[1.50,\"\\u00e9\"],\"a\":null}");
        Assert.Equal("{\"a\":null,\"z\":[1.5,\"\u00e9\"]}", Utf8Text.UTF8.GetString(CanonicalJson.Canonicalize(node)));
    }

    /// <summary>
    /// Strings written at once (nothing to escape, no surrogate) and strings written rune by rune give RFC 8785 §3.2.2.2's
    /// spelling alike: escapes for the two specials and controls (short forms where they exist), raw UTF-8 otherwise.
    /// </summary>
    [Theory]
    [InlineData("\"QUJD+/==\"", "\"QUJD+/==\"")] // base64: the fast path
    [InlineData("\"\\u00e9\u20ac\u007f\"", "\"\u00e9\u20ac\u007f\"")] // BMP letters and DEL are not escaped
    [InlineData("\"a\\u0022b\\\\c\"", "\"a\\\"b\\\\c\"")]
    [InlineData("\"\\u000a\\u0001\\u001f\"", "\"\\n\\u0001\\u001f\"")]
    [InlineData("\"x\\ud83d\\ude00y\"", "\"x\U0001F600y\"")] // a surrogate pair: one 4-byte rune
    public void StringsAreSpelledAsRfc8785Says(string json, string expected) => Assert.Equal(expected, C(json));
}
