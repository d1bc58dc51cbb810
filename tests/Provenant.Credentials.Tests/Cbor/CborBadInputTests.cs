using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Tests.Cbor;

public sealed class CborBadInputTests
{
    private static ProvenantFormatException Reject(string hex, CborDecodeOptions? options = null) =>
        Assert.Throws<ProvenantFormatException>(() => CborDecoder.Decode(Convert.FromHexString(hex), "test", options));

    [Fact]
    public void ADepthBombIsRejectedAtTheBoundWithItsOffset()
    {
        var bomb = Enumerable.Repeat((byte)0x81, 100_000).Append((byte)0x00).ToArray();
        var e = Assert.Throws<ProvenantFormatException>(() => CborDecoder.Decode(bomb, "bomb"));
        Assert.Contains("nesting depth at most 64", e.Message);
        Assert.Equal(64, e.Offset);
    }

    [Fact]
    public void TagsCountTowardsTheDepthBound()
    {
        var bomb = Enumerable.Repeat((byte)0xc6, 200).Append((byte)0x00).ToArray();
        Assert.Contains("nesting depth", Assert.Throws<ProvenantFormatException>(() => CborDecoder.Decode(bomb, "bomb", new CborDecodeOptions(MaxDepth: 10))).Message);
    }

    [Fact]
    public void AnIndefiniteMapIsRejectedByDefault() => Assert.Contains("indefinite", Reject("bf6161f5ff").Message);

    [Fact]
    public void AnUnterminatedIndefiniteArrayIsTruncated() => Assert.Contains("break", Reject("9f0102", CborDecodeOptions.Lenient).Message);

    [Fact]
    public void AByteStringLongerThanTheDataIsRejectedBeforeAllocating()
    {
        var e = Reject("5bffffffffffffffff00");
        Assert.Contains("remaining", e.Message);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void AnArrayCountAboveTheRemainingBytesIsRejected() => Assert.Contains("items", Reject("9bffffffff00000000").Message);

    [Fact]
    public void AMapCountAboveTheRemainingBytesIsRejected() => Assert.Contains("items", Reject("ba7fffffff0102").Message);

    [Fact]
    public void TrailingBytesAreRejected() => Assert.Contains("trailing", Reject("0000").Message);

    [Fact]
    public void ReservedAdditionalInformationIsRejected() => Assert.Contains("reserved", Reject("1c").Message);

    [Fact]
    public void ALoneBreakIsRejected() => Assert.Contains("break", Reject("ff").Message);

    [Fact]
    public void AnIndefiniteIntegerIsRejected() => Assert.Contains("major types 2-5", Reject("1f", CborDecodeOptions.Lenient).Message);

    [Fact]
    public void ATwoByteSimpleValueBelow32IsRejected() => Assert.Contains("simple", Reject("f814").Message);

    [Fact]
    public void InvalidUtf8IsRejected() => Assert.Contains("UTF-8", Reject("62c328").Message);

    [Fact]
    public void DuplicateMapKeysAreRejected() => Assert.Contains("duplicate", Reject("a2616101616102").Message);

    [Fact]
    public void UnsortedKeysAndLongArgumentsAreRejectedWhenDeterminismIsRequired()
    {
        Assert.Contains("order", Reject("a2616201616102", CborDecodeOptions.Deterministic).Message);
        Assert.Contains("shortest", Reject("1817", CborDecodeOptions.Deterministic).Message);
        CborDecoder.Decode(Convert.FromHexString("a2616201616102"), "ok");
    }

    [Fact]
    public void AnIndefiniteStringChunkOfTheWrongTypeIsRejected() => Assert.Contains("chunk", Reject("5f6161ff", CborDecodeOptions.Lenient).Message);

    [Fact]
    public void EveryTruncationOfAValidItemIsRejectedWithoutACrash()
    {
        var full = Convert.FromHexString("a26161016162820203");
        for (var n = 0; n < full.Length; n++)
        {
            Assert.Throws<ProvenantFormatException>(() => CborDecoder.Decode(full.AsSpan(0, n), "truncated"));
        }
    }

    [Fact]
    public void TheEncoderSortsMapKeysBytewise()
    {
        var map = new CborMap().Add("bb", 1).Add(10, 2).Add("a", 3).Add(-1, 4);
        Assert.Equal("a40a0220046161036262620 1".Replace(" ", ""), Convert.ToHexStringLower(CborEncoder.Encode(map)));
    }

    [Fact]
    public void TheEncoderRefusesDuplicateKeys() =>
        Assert.Throws<ArgumentException>(() => CborEncoder.Encode(new CborMap().Add("a", 1).Add("a", 2)));
}
