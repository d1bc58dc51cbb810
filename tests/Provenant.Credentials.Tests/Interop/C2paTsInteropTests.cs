using System.Text.Json;
using Xunit.Abstractions;

namespace Provenant.Credentials.Tests.Interop;

/// <summary>Our signed PNG and JPEG outputs read and validate with @trustnxt/c2pa-ts.</summary>
public sealed class C2paTsInteropTests(ITestOutputHelper output) : SignedAssetTest
{
    [Theory]
    [InlineData("libpng-test.png", "png")]
    [InlineData("earth_apollo17.jpg", "jpeg")]
    public void C2paTsFindsAValidManifestWithOurAssertions(string fixture, string format)
    {
        using var doc = C2paTsReader.Read(Assets.SignedCopy(fixture));
        var root = doc.RootElement;
        output.WriteLine(root.ToString());
        Assert.Equal(format, root.GetProperty("format").GetString());
        Assert.True(root.GetProperty("hasManifest").GetBoolean());
        Assert.True(root.GetProperty("valid").GetBoolean(), root.GetProperty("status").ToString());
        var manifest = Assert.Single(root.GetProperty("manifests").EnumerateArray());
        Assert.Equal("c2pa.claim.v2", manifest.GetProperty("claimLabel").GetString());
        Assert.Equal("Provenant", manifest.GetProperty("claimGenerator").GetString());
        var labels = manifest.GetProperty("assertions").EnumerateArray().Select(a => a.GetProperty("label").GetString()).ToList();
        Assert.Equal(["c2pa.actions.v2", "dev.provenant.provenance", "cawg.training-mining", "c2pa.hash.data"], labels);
        var codes = root.GetProperty("status").EnumerateArray().Select(s => s.GetProperty("code").GetString()).ToList();
        Assert.Contains("claimSignature.validated", codes);
        Assert.Contains("assertion.dataHash.match", codes);
        Assert.Equal(4, codes.Count(c => c == "assertion.hashedURI.match"));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void C2paTsValidatesALargeAssetThatWasWrittenWhileItWasRead(string format)
    {
        var bytes = format == "png"
            ? Embedding.LargeAssets.Png(2048, 1536, seed: 11)
            : Embedding.LargeAssets.Jpeg(app1Count: 20, beforeSos: [], scanBytes: 3 << 20, seed: 12);
        var path = Assets.Write("large." + format, bytes);
        Assets.Sign(path);
        using var doc = C2paTsReader.Read(path);
        Assert.Equal(format, doc.RootElement.GetProperty("format").GetString());
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean(), doc.RootElement.GetProperty("status").ToString());
        Assert.Contains(doc.RootElement.GetProperty("status").EnumerateArray(), s => s.GetProperty("code").GetString() == "assertion.dataHash.match");
    }

    [Fact]
    public void C2paTsReportsAPixelChangeInOurJpegAsADataHashMismatch()
    {
        var path = Assets.SignedCopy("earth_apollo17.jpg");
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        using var doc = C2paTsReader.Read(path);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("status").EnumerateArray(), s => s.GetProperty("code").GetString() == "assertion.dataHash.mismatch");
    }

    [Fact]
    public void C2paTsReadsALargeMultiSegmentStore()
    {
        var large = new Provenant.Credentials.Manifest.AssertionContent("dev.provenant.test-padding", new Provenant.Credentials.Cbor.CborMap().Add("data", new byte[150_000]));
        using var doc = C2paTsReader.Read(Assets.SignedCopy("earth_apollo17.jpg", large));
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean(), doc.RootElement.GetProperty("status").ToString());
    }
}
