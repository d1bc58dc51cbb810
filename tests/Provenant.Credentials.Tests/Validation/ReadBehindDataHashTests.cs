using System.Security.Cryptography;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Tests.Embedding;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Validation;

/// <summary>Verify hashes the asset behind its reader (<see cref="ReadBehindDataHash"/>): the digest must equal the
/// data hash over the manifest's exclusions computed after the read, and is offered only for exactly those
/// exclusions and SHA-256.</summary>
public sealed class ReadBehindDataHashTests : SignedAssetTest
{
    private const int Chunk = ChunkHasher.ChunkBytes;

    /// <summary>Feeds <paramref name="asset"/> as the reader does: a call per chunk, the last with the whole length.</summary>
    private static ReadBehindDataHash ReadBehind(byte[] asset, int chunk = Chunk)
    {
        var hash = new ReadBehindDataHash();
        for (var done = Math.Min(chunk, asset.Length); ; done = Math.Min(done + chunk, asset.Length))
        {
            hash.OnFilled(asset, done);
            if (done == asset.Length) return hash;
        }
    }

    public static TheoryData<string> SignedKinds => new() { "png", "jpeg", "multi-segment jpeg" };

    private byte[] SignedAsset(string kind, out ExclusionRange range)
    {
        var (name, original) = kind switch
        {
            "png" => ("large.png", LargeAssets.Png(2048, 1536, seed: 11)),
            "jpeg" => ("large.jpg", LargeAssets.Jpeg(app1Count: 2, beforeSos: [], scanBytes: 3 * Chunk, seed: 12)),
            _ => ("multi.jpg", LargeAssets.Jpeg(app1Count: 20, beforeSos: [], scanBytes: 2 * Chunk, seed: 13)),
        };
        var path = Assets.Write(name, original);
        var padding = new AssertionContent("dev.provenant.test-padding", new CborMap().Add("data", new byte[kind == "multi-segment jpeg" ? 150_000 : 10]));
        range = Assets.Sign(path, null, padding).Exclusion!.Value;
        return File.ReadAllBytes(path);
    }

    [Theory]
    [MemberData(nameof(SignedKinds))]
    public void TheDigestBehindTheReaderEqualsTheDataHashOverTheStoresRange(string kind)
    {
        var signed = SignedAsset(kind, out var range);
        var expected = DataHashCalculator.Compute(signed, [range], "sha256", out _);
        Assert.Equal(expected, ReadBehind(signed).DigestFor([range], "sha256"));
        Assert.Equal(expected, ReadBehind(signed, 4096).DigestFor([range], "sha256"));
    }

    [Theory]
    [MemberData(nameof(SignedKinds))]
    public void OtherExclusionsOrAnotherAlgorithmGetNoDigest(string kind)
    {
        var signed = SignedAsset(kind, out var range);
        var hash = ReadBehind(signed);
        Assert.Null(hash.DigestFor([range with { Length = range.Length - 1 }], "sha256"));
        Assert.Null(hash.DigestFor([range, new ExclusionRange(range.End + 10, 1)], "sha256"));
        Assert.Null(hash.DigestFor([], "sha256"));
        Assert.Null(hash.DigestFor([range], "sha384"));
    }

    [Fact]
    public void AFileThatIsNeitherPngNorJpegIsHashedWholeForItsSidecar()
    {
        var text = new byte[3 * Chunk + 17];
        new Random(14).NextBytes(text);
        text[0] = (byte)'T';
        var hash = ReadBehind(text);
        Assert.Equal(SHA256.HashData(text), hash.DigestFor([], "sha256"));
        Assert.Null(hash.DigestFor([new ExclusionRange(0, 1)], "sha256"));
    }

    [Fact]
    public void AnImageWithoutAStoreGetsNoDigest()
    {
        var jpeg = LargeAssets.Jpeg(app1Count: 1, beforeSos: [], scanBytes: 2 * Chunk, seed: 15);
        Assert.Null(ReadBehind(jpeg).DigestFor([], "sha256"));
        var png = LargeAssets.Png(1024, 1024, seed: 16);
        Assert.Null(ReadBehind(png).DigestFor([], "sha256"));
    }

    [Fact]
    public void ACaBxChunkAfterTheImageDataIsFoundOnceItIsRead()
    {
        var signed = SignedAsset("png", out var range);
        // Move the caBX chunk behind IDAT: the range changes, the guess follows the bytes.
        var chunks = PngContainer.Chunks(signed, "signed").ToList();
        var cabx = signed.AsSpan((int)range.Start, (int)range.Length).ToArray();
        var idat = chunks.Single(c => c.Type == "IDAT");
        byte[] moved = [.. signed.AsSpan(0, (int)range.Start), .. signed.AsSpan((int)range.End, (int)(idat.Offset + 12 + idat.Length - range.End)), .. cabx, .. signed.AsSpan((int)(idat.Offset + 12 + idat.Length))];
        var movedRange = new ExclusionRange(idat.Offset + 12 + idat.Length - range.Length, range.Length);
        Assert.Equal(DataHashCalculator.Compute(moved, [movedRange], "sha256", out _), ReadBehind(moved).DigestFor([movedRange], "sha256"));
    }

    [Fact]
    public void EveryByteOutsideTheStoreChangesTheDigestAndTheVerdict()
    {
        var signed = SignedAsset("jpeg", out var range);
        foreach (var at in new long[] { 0, 1, range.Start - 1, range.End, Chunk - 1, Chunk, Chunk + 1, range.End + Chunk, signed.Length - 1 })
        {
            var tampered = (byte[])signed.Clone();
            tampered[at] ^= 0x01;
            Assert.NotEqual(DataHashCalculator.Compute(signed, [range], "sha256", out _), ReadBehind(tampered).DigestFor([range], "sha256"));
            var path = Assets.Write("tampered.jpg", tampered);
            Assert.NotEqual(CredentialState.Trusted, CredentialVerifier.Verify(path, Assets.Trusting).State);
        }
    }
}
