using Provenant.Credentials.Cbor;
using Provenant.Credentials.Cose;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;
using Provenant.TestSupport;

namespace Provenant.Credentials.Tests.Validation;

/// <summary>RFC 3161 time-stamps in the c2pa-rs fixtures: v1 sigTst (C.jpg) and v2 sigTst2 (CACA.jpg).</summary>
public sealed class SignatureTimestampTests
{
    private static (CoseSign1 Cose, byte[] Claim) Signature(string fixture)
    {
        var store = ManifestStore.Parse(new JpegContainer().Find(File.ReadAllBytes(SharedData.Get("c2pa-fixtures", fixture)), fixture)!.Store, fixture);
        return (CoseSign1.Decode(store.Active.SignatureBytes, fixture), store.Active.ClaimBytes);
    }

    [Theory]
    [InlineData("C.jpg", "sigTst", "2024-08-06 21:53:37Z")]
    [InlineData("CACA.jpg", "sigTst2", null)]
    public void TheFixtureTimeStampsVerify(string fixture, string header, string? when)
    {
        var (cose, claim) = Signature(fixture);
        var check = SignatureTimestamp.Evaluate(cose, claim, out var time);
        Assert.NotNull(check);
        Assert.True(check.Passed, check.Explanation);
        Assert.StartsWith(header + " from", check.Explanation);
        Assert.NotNull(time);
        if (when is not null) Assert.Contains(when, check.Explanation);
    }

    [Fact]
    public void AV1TimeStampOverAnotherClaimIsAMismatch()
    {
        var (cose, claim) = Signature("C.jpg");
        var other = (byte[])claim.Clone();
        other[^1] ^= 1;
        var check = SignatureTimestamp.Evaluate(cose, other, out var time);
        Assert.False(check!.Passed);
        Assert.Equal(StatusCodes.TimeStampMismatch, check.Code);
        Assert.Contains("imprint", check.Explanation);
        Assert.Null(time);
    }

    [Fact]
    public void AV2TimeStampOverAnotherSignatureIsAMismatch()
    {
        var (cose, claim) = Signature("CACA.jpg");
        var sig = (byte[])cose.Signature.Clone();
        sig[0] ^= 1;
        Assert.False(SignatureTimestamp.Evaluate(cose with { Signature = sig }, claim, out _)!.Passed);
    }

    [Fact]
    public void CorruptTokensNeverCrashAndAChangedTstInfoIsAMismatch()
    {
        var (cose, claim) = Signature("C.jpg");
        var token = cose.Unprotected.Get("sigTst")!.AsMap()!.Get("tstTokens")!.AsArray()![0].AsMap()!.Get("val")!.AsBytes()!;
        StatusCheck Evaluate(byte[] val) => SignatureTimestamp.Evaluate(
            cose with { Unprotected = new CborMap().Add("sigTst", new CborMap().Add("tstTokens", new CborArray(new CborMap().Add("val", val)))) }, claim, out _)!;
        var failed = 0;
        for (var i = 0; i < token.Length; i += 13)
        {
            var bad = (byte[])token.Clone();
            bad[i] ^= 0x5a;
            if (!Evaluate(bad).Passed) failed++;
        }
        // Certificates the CMS carries beyond the TSA's own are not signed, so not every flip can fail.
        Assert.True(failed > token.Length / 13 / 2, $"{failed} of {token.Length / 13 + 1} flips failed");
        // The genTime sits in the signed TSTInfo: GeneralizedTime "2024080621…".
        var at = token.AsSpan().IndexOf("20240806"u8);
        Assert.True(at > 0);
        var later = (byte[])token.Clone();
        later[at + 3] = (byte)'5';
        Assert.False(Evaluate(later).Passed);
    }

    [Fact]
    public void NoTimeStampGivesNoCheck()
    {
        var (cose, claim) = Signature("C.jpg");
        Assert.Null(SignatureTimestamp.Evaluate(cose with { Unprotected = new CborMap() }, claim, out _));
    }
}
