using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Embedding;

public sealed class JpegEmbeddingTests : SignedAssetTest
{
    /// <summary>An extra 200,000-byte assertion so the store needs several APP11 segments.</summary>
    private static AssertionContent Large() =>
        new("dev.provenant.test-padding", new CborMap().Add("data", Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray()));

    [Fact]
    public void ASignedJpegIsTrustedAndRemovingTheApp11SegmentsGivesBackTheOriginal()
    {
        var original = File.ReadAllBytes(Assets.Copy("earth_apollo17.jpg"));
        var path = Assets.SignedCopy("earth_apollo17.jpg");
        Assert.Equal(CredentialState.Trusted, CredentialVerifier.Verify(path, Assets.Trusting).State);
        var signed = File.ReadAllBytes(path);
        var location = new JpegContainer().Find(signed, "signed")!;
        var stripped = signed.Take((int)location.Range.Start).Concat(signed.Skip((int)location.Range.End)).ToArray();
        Assert.Equal(original, stripped);
        var segments = JpegContainer.Segments(signed, "signed");
        Assert.Equal(0xeb, segments.First(s => s.Offset == location.Range.Start).Marker);
        Assert.All(segments.Take(segments.ToList().FindIndex(s => s.Marker == 0xeb)), s => Assert.True(s.Marker is 0xe0 or 0xe1));
    }

    [Fact]
    public void ALargeStoreIsSplitOverSeveralApp11SegmentsAndStillVerifies()
    {
        var path = Assets.SignedCopy("earth_apollo17.jpg", Large());
        var signed = File.ReadAllBytes(path);
        var app11 = JpegContainer.Segments(signed, "signed").Where(s => s.Marker == 0xeb).ToList();
        Assert.True(app11.Count >= 4, $"{app11.Count} segments");
        Assert.All(app11, s => Assert.True(s.PayloadLength + 2 <= 65535));
        Assert.Equal(CredentialState.Trusted, CredentialVerifier.Verify(path, Assets.Trusting).State);
    }

    [Fact]
    public void App11SegmentsOutOfOrderAreMalformed()
    {
        var signed = File.ReadAllBytes(Assets.SignedCopy("earth_apollo17.jpg", Large()));
        var app11 = JpegContainer.Segments(signed, "signed").Where(s => s.Marker == 0xeb).ToList();
        var a = app11[1];
        var b = app11[2];
        var segA = signed.AsSpan((int)a.Offset, (int)(a.End - a.Offset)).ToArray();
        var segB = signed.AsSpan((int)b.Offset, (int)(b.End - b.Offset)).ToArray();
        var swapped = signed.Take((int)a.Offset).Concat(segB).Concat(segA).Concat(signed.Skip((int)b.End)).ToArray();
        var report = CredentialVerifier.Verify(Assets.Write("swapped.jpg", swapped), Assets.Trusting);
        Assert.Equal(CredentialState.Malformed, report.State);
        Assert.Contains("packet sequence number 2", report.Error);
    }

    [Fact]
    public void ChangingAByteOfTheScanDataIsADataHashMismatch()
    {
        var signed = File.ReadAllBytes(Assets.SignedCopy("earth_apollo17.jpg"));
        signed[signed.Length - 100] ^= 0x10;
        var report = CredentialVerifier.Verify(Assets.Write("changed.jpg", signed), Assets.Trusting);
        Assert.Equal(CredentialState.Invalid, report.State);
        Assert.Equal(StatusCodes.DataHashMismatch, Assert.Single(report.Failures).Code);
    }

    [Fact]
    public void AnAlreadySignedFixtureIsRefusedUntouched()
    {
        var path = Assets.Copy("C.jpg");
        var before = File.ReadAllBytes(path);
        Assert.Throws<ProvenantException>(() => Assets.Sign(path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
