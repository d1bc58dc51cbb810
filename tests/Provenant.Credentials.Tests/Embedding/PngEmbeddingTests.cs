using System.Buffers.Binary;
using System.IO.Compression;
using Provenant.Core.Errors;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Embedding;

public sealed class PngEmbeddingTests : SignedAssetTest
{
    private static byte[] Idat(byte[] png) =>
        PngContainer.Chunks(png, "png").Where(c => c.Type == "IDAT").SelectMany(c => png.Skip((int)c.Offset + 8).Take((int)c.Length)).ToArray();

    private static byte[] Inflate(byte[] zlib)
    {
        using var z = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        var o = new MemoryStream();
        z.CopyTo(o);
        return o.ToArray();
    }

    [Fact]
    public void ASignedPngIsTrustedAndCarriesTheProvenantAssertions()
    {
        var path = Assets.SignedCopy("libpng-test.png");
        var report = CredentialVerifier.Verify(path, Assets.Trusting);
        Assert.Equal(CredentialState.Trusted, report.State);
        var m = Assert.Single(report.Manifests);
        Assert.Equal(2, m.ClaimVersion);
        Assert.Equal(["c2pa.actions.v2", "dev.provenant.provenance", "cawg.training-mining", "c2pa.hash.data"], m.AssertionLabels);
        Assert.Equal("model.sig", m.Provenance!.ModelStatement.Name);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Assets.ModelStatement)), m.Provenance.ModelStatement.Hash);
    }

    [Fact]
    public void TheCaBxChunkSitsBeforeIdatWithACorrectCrcAndTheImageDataIsUnchanged()
    {
        var original = File.ReadAllBytes(Assets.Copy("libpng-test.png"));
        var signed = File.ReadAllBytes(Assets.SignedCopy("libpng-test.png"));
        var chunks = PngContainer.Chunks(signed, "signed").ToList();
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("caBX", chunks[1].Type);
        Assert.True(chunks.FindIndex(c => c.Type == "caBX") < chunks.FindIndex(c => c.Type == "IDAT"));
        foreach (var (offset, _, length) in chunks)
        {
            var crc = BinaryPrimitives.ReadUInt32BigEndian(signed.AsSpan((int)(offset + 8 + length)));
            Assert.Equal(Crc32.Compute(signed.AsSpan((int)offset + 4, (int)length + 4)), crc);
        }
        Assert.Equal(Inflate(Idat(original)), Inflate(Idat(signed)));
        var caBx = chunks[1];
        var withoutChunk = signed.Take((int)caBx.Offset).Concat(signed.Skip((int)(caBx.Offset + 12 + caBx.Length))).ToArray();
        Assert.Equal(original, withoutChunk);
    }

    [Fact]
    public void ChangingOnePixelAfterSigningIsADataHashMismatch()
    {
        var path = Assets.SignedCopy("libpng-test.png");
        var png = File.ReadAllBytes(path);
        var idat = PngContainer.Chunks(png, "p").Single(c => c.Type == "IDAT");
        var pixels = Inflate(png.AsSpan((int)idat.Offset + 8, (int)idat.Length).ToArray());
        pixels[pixels.Length / 2] ^= 0x40;
        var recompressed = new MemoryStream();
        using (var z = new ZLibStream(recompressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(pixels);
        var data = recompressed.ToArray();
        var chunk = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        "IDAT"u8.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, data.Length + 4)));
        var changed = png.Take((int)idat.Offset).Concat(chunk).Concat(png.Skip((int)(idat.Offset + 12 + idat.Length))).ToArray();
        var report = CredentialVerifier.Verify(Assets.Write("pixel.png", changed), Assets.Trusting);
        Assert.Equal(CredentialState.Invalid, report.State);
        Assert.Equal(StatusCodes.DataHashMismatch, Assert.Single(report.Failures).Code);
    }

    [Fact]
    public void APngWithTwoManifestChunksIsMalformedAndCannotBeSigned()
    {
        var signed = File.ReadAllBytes(Assets.SignedCopy("libpng-test.png"));
        var chunks = PngContainer.Chunks(signed, "s").ToList();
        var caBx = chunks[1];
        var chunkBytes = signed.AsSpan((int)caBx.Offset, (int)caBx.Length + 12).ToArray();
        var twice = signed.Take((int)(caBx.Offset + 12 + caBx.Length)).Concat(chunkBytes).Concat(signed.Skip((int)(caBx.Offset + 12 + caBx.Length))).ToArray();
        var path = Assets.Write("two.png", twice);
        var report = CredentialVerifier.Verify(path, Assets.Trusting);
        Assert.Equal(CredentialState.Malformed, report.State);
        Assert.Contains("second caBX", report.Error);
        var e = Assert.Throws<ProvenantFormatException>(() => Assets.Sign(path));
        Assert.Contains("second caBX", e.Message);
        Assert.Equal(twice, File.ReadAllBytes(path));
    }

    [Fact]
    public void SigningAnAlreadySignedPngIsRefusedAndLeavesItUntouched()
    {
        var path = Assets.SignedCopy("libpng-test.png");
        var before = File.ReadAllBytes(path);
        Assert.Contains("already carries", Assert.Throws<ProvenantException>(() => Assets.Sign(path)).Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AFailedWriteLeavesTheOriginalUntouchedAndNoTemporaryFiles()
    {
        var path = Assets.Copy("libpng-test.png");
        var before = File.ReadAllBytes(path);
        var destination = Path.Combine(Assets.Dir, "missing-dir", "out.png");
        Assert.Equal(ExitCodes.OutputError, Assert.Throws<ProvenantException>(() => Assets.Sign(path, destination)).ExitCode);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Assets.Dir));
    }

    [Fact]
    public void WritingToAnotherPathLeavesTheOriginalUnchanged()
    {
        var path = Assets.Copy("libpng-test.png");
        var before = File.ReadAllBytes(path);
        var result = Assets.Sign(path, Path.Combine(Assets.Dir, "out.png"));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(CredentialState.Trusted, CredentialVerifier.Verify(result.WrittenPath, Assets.Trusting).State);
        Assert.Equal(CredentialState.NoManifest, CredentialVerifier.Verify(path, Assets.Trusting).State);
    }
}
