using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Tests.Cbor;

/// <summary>Every example of RFC 8949 Appendix A (Table 6), from TestData/rfc8949-appendix-a.txt.</summary>
public sealed class Rfc8949AppendixATests
{
    public static TheoryData<string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "rfc8949-appendix-a.txt")))
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            var parts = line.Split(" | ", 3);
            data.Add(parts[0], parts[1], parts[2]);
        }
        return data;
    }

    [Fact]
    public void TheAppendixFileHoldsItsEightyOneExamples() => Assert.Equal(81, Examples().Count);

    [Theory]
    [MemberData(nameof(Examples))]
    public void DecodesToTheAppendixValue(string hex, string kind, string value)
    {
        var bytes = Convert.FromHexString(hex);
        var options = kind == "indef" ? CborDecodeOptions.Lenient : CborDecodeOptions.Default;
        var node = CborDecoder.Decode(bytes, "appendix-a", options);
        if (value.StartsWith("int ", StringComparison.Ordinal))
        {
            Assert.Equal(Int128.Parse(value[4..], CultureInfo.InvariantCulture), Assert.IsType<CborInteger>(node).Value);
        }
        else if (value.StartsWith("float ", StringComparison.Ordinal))
        {
            var expected = value[6..] switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, "nan" => double.NaN, var x => double.Parse(x, CultureInfo.InvariantCulture) };
            var actual = Assert.IsType<CborFloat>(node).Value;
            if (!double.IsNaN(expected)) Assert.Equal(double.IsNegative(expected), double.IsNegative(actual));
            Assert.Equal(expected, actual);
        }
        else
        {
            Assert.Equal(value, CborDiagnostic.Print(node));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void PreferredExamplesReEncodeToTheSameBytesAndOthersToOtherBytes(string hex, string kind, string value)
    {
        _ = value;
        var bytes = Convert.FromHexString(hex);
        var node = CborDecoder.Decode(bytes, "appendix-a", CborDecodeOptions.Lenient);
        var again = CborEncoder.Encode(node);
        if (kind == "pref") Assert.Equal(hex, Convert.ToHexStringLower(again));
        else Assert.True(again.Length <= bytes.Length && !again.AsSpan().SequenceEqual(bytes), $"{hex} re-encoded as {Convert.ToHexStringLower(again)}");
        Assert.Equal(Convert.ToHexStringLower(again), Convert.ToHexStringLower(CborEncoder.Encode(CborDecoder.Decode(again, "re-encoded", CborDecodeOptions.Deterministic))));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void IndefiniteLengthsAreRejectedUnlessAllowed(string hex, string kind, string value)
    {
        _ = value;
        var bytes = Convert.FromHexString(hex);
        if (kind != "indef")
        {
            CborDecoder.Decode(bytes, "appendix-a");
            return;
        }
        var e = Assert.Throws<ProvenantFormatException>(() => CborDecoder.Decode(bytes, "appendix-a"));
        Assert.Contains("indefinite", e.Message);
    }
}
