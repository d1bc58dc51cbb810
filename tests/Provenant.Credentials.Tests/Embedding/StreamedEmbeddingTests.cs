using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Embedding;

/// <summary>Assets larger than one read chunk: <see cref="CredentialEmbedder.Add"/> writes them while reading and
/// hashing, into a gap reserved from the first chunk, and must give the same result as a write after the read.</summary>
public sealed class StreamedEmbeddingTests : SignedAssetTest
{
    private const int Chunk = ChunkHasher.ChunkBytes;

    private static byte[] Strip(byte[] signed, ExclusionRange range) =>
        [.. signed.AsSpan(0, (int)range.Start), .. signed.AsSpan((int)range.End)];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ALargePngIsTrustedAndRemovingTheCaBxChunkGivesBackTheOriginal(bool directWrites)
    {
        var original = LargeAssets.Png(2048, 1536, seed: 1);
        Assert.True(original.Length > 2 * Chunk);
        var path = Assets.Write("large.png", original);
        var result = CredentialEmbedder.AddCore(path, null, Assets.Definition(path), new ClaimSigner(Assets.Pki.SignerKey, Assets.Pki.Chain), directWrites);
        Assert.Equal(CredentialState.Trusted, CredentialVerifier.Verify(path, Assets.Trusting).State);
        var signed = File.ReadAllBytes(path);
        Assert.Equal(33, result.Exclusion!.Value.Start);
        Assert.Equal(original, Strip(signed, result.Exclusion.Value));
        Assert.Equal(["IHDR", "caBX", "IDAT", "IEND"], PngContainer.Chunks(signed, "signed").Select(c => c.Type));
    }

    [Fact]
    public void AJpegWhoseLeadingApp1SegmentsRunPastTheFirstChunkGetsAMultiSegmentStoreAfterThem()
    {
        var original = LargeAssets.Jpeg(app1Count: 20, beforeSos: [], scanBytes: 2 * Chunk, seed: 2);
        var path = Assets.Write("large.jpg", original);
        var padding = new AssertionContent("dev.provenant.test-padding", new CborMap().Add("data", new byte[150_000]));
        var result = Assets.Sign(path, null, padding);
        Assert.Equal(CredentialState.Trusted, CredentialVerifier.Verify(path, Assets.Trusting).State);
        var signed = File.ReadAllBytes(path);
        var range = result.Exclusion!.Value;
        Assert.Equal(2 + 18 + 20 * 65537, range.Start);
        Assert.Equal(original, Strip(signed, range));
        var app11 = JpegContainer.Segments(signed, "signed").Where(s => s.Marker == 0xeb).ToList();
        Assert.True(app11.Count >= 3, $"{app11.Count} APP11 segments");
        Assert.Equal(range.End, app11[^1].End);
    }

    [Fact]
    public void AnInsertionOffsetThatTheFirstChunkGetsWrongIsCorrectedByLayingTheFileOutAgain()
    {
        // SOI, APP0 and 15 APP1s, one more APP1 so the rest is even, TEM markers up to the end of the first chunk, and an
        // APP1 that starts exactly there: the first chunk alone ends cleanly after the 16th APP1, the whole file after
        // the 17th.
        var rng = new Random(3);
        var lead = 2 + 18 + 15 * 65537;
        var odd = LargeAssets.App1(1001, rng);
        var tem = Chunk - lead - odd.Length;
        Assert.True(tem > 0 && tem % 2 == 0);
        var hidden = LargeAssets.App1(500, rng);
        byte[] beforeSos = [.. odd, .. Enumerable.Repeat<byte[]>([0xff, 0x01], tem / 2).SelectMany(b => b), .. hidden];
        var original = LargeAssets.Jpeg(app1Count: 15, beforeSos, scanBytes: Chunk, seed: 4);
        Assert.Equal(0xe1, original[Chunk + 1]);
        var path = Assets.Write("tem.jpg", original);
        var result = Assets.Sign(path);
        Assert.Equal(Chunk + hidden.Length, result.Exclusion!.Value.Start);
        Assert.Equal(original, Strip(File.ReadAllBytes(path), result.Exclusion.Value));
        Assert.Equal(CredentialState.Trusted, CredentialVerifier.Verify(path, Assets.Trusting).State);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 3)]
    [InlineData(true, 1)]
    public void ASigningFailureWhileTheAssetIsWrittenLeavesTheOriginalAndNoOutputOrTemporaryFile(bool inPlace, int failingSignature)
    {
        var original = LargeAssets.Png(2048, 1024, seed: 5);
        var path = Assets.Write("fail.png", original);
        var destination = inPlace ? null : Path.Combine(Assets.Dir, "out.png");
        // The first two signatures lay out the reserved gap, on the reading thread after the first chunk; the third, over
        // the real hash, comes after the whole asset has been written behind the gap.
        using var key = new FailingKey(Assets.Pki.SignerKey, failingSignature);
        var e = Assert.Throws<CryptographicException>(() =>
            CredentialEmbedder.Add(path, destination, Assets.Definition(path), new ClaimSigner(key, Assets.Pki.Chain)));
        Assert.Equal(FailingKey.Message, e.Message);
        Assert.Equal(failingSignature, key.Calls);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Assets.Dir));
    }

    [Fact]
    public void AMalformedChunkFoundAfterTheWriteStartedLeavesTheOriginalAndNoOutputOrTemporaryFile()
    {
        var png = LargeAssets.Png(2048, 1024, seed: 6);
        var broken = new MemoryStream();
        broken.Write(png.AsSpan(0, png.Length - 12)); // without IEND
        broken.Write([0x00, 0x10, 0x00, 0x00, (byte)'t', (byte)'E', (byte)'X', (byte)'t', 1, 2, 3, 4, 5, 6, 7]); // length past the end
        var path = Assets.Write("broken.png", broken.ToArray());
        var destination = Path.Combine(Assets.Dir, "out.png");
        var e = Assert.Throws<ProvenantFormatException>(() => Assets.Sign(path, destination));
        Assert.Contains("length of chunk 'tEXt'", e.Message);
        Assert.Contains("past the end", e.Message);
        Assert.Equal(broken.ToArray(), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Assets.Dir));
    }

    /// <summary>An ECDSA key that signs through <paramref name="inner"/> and throws from the <paramref name="failFrom"/>-th
    /// signature on.</summary>
    private sealed class FailingKey(ECDsa inner, int failFrom) : ECDsa
    {
        public const string Message = "injected signing failure";

        public int Calls { get; private set; }

        public override int KeySize { get => inner.KeySize; set => inner.KeySize = value; }

        public override ECParameters ExportParameters(bool includePrivateParameters) => inner.ExportParameters(includePrivateParameters);

        public override byte[] SignHash(byte[] hash)
        {
            if (++Calls >= failFrom) throw new CryptographicException(Message);
            return inner.SignHash(hash);
        }

        public override bool VerifyHash(byte[] hash, byte[] signature) => inner.VerifyHash(hash, signature);
    }
}
