using Provenant.Credentials.Validation;
using Provenant.Signing.Certificates;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Credentials.Tests.Validation;

/// <summary>The signed c2pa-rs / c2pa-ts fixtures in ../shared/data/c2pa-fixtures, with the outcomes EXPECTED.md lists.</summary>
public sealed class FixtureTests(ITestOutputHelper output)
{
    private static string Fixture(string name) => SharedData.Get("c2pa-fixtures", name);

    private static VerifyOptions Anchors() =>
        new(CertificateFiles.LoadAll(Fixture("certs/trust/test_cert_root_bundle.pem"), "anchors"));

    private CredentialReport Verify(string name, VerifyOptions options)
    {
        var report = CredentialVerifier.Verify(Fixture(name), options);
        output.WriteLine($"{name}: {report.State} {report.Error}");
        foreach (var m in report.Manifests)
        {
            output.WriteLine($" manifest {m.Label} v{m.ClaimVersion} {m.Algorithm} {m.Signer}");
            foreach (var c in m.Checks) output.WriteLine("   " + c);
        }
        return report;
    }

    [Theory]
    [InlineData("C.jpg", 1)]
    [InlineData("CA.jpg", 1)]
    [InlineData("CACA.jpg", 2)]
    public void TheC2paRsJpegFixturesAreTrustedAgainstTheTestAnchors(string name, int manifests)
    {
        var report = Verify(name, Anchors());
        Assert.Equal(CredentialState.Trusted, report.State);
        Assert.Equal(manifests, report.Manifests.Count);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.DataHashMatch);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.ClaimSignatureValidated);
        Assert.Equal("PS256", report.Manifests[0].Algorithm);
        Assert.All(report.Manifests, m => Assert.Contains(m.Checks, c => c.Code == StatusCodes.TimeStampValidated && c.Explanation.Contains("DigiCert", StringComparison.Ordinal)));
        Assert.Empty(report.Failures);
    }

    [Fact]
    public void WithoutAnchorsTheSameFixtureIsValidButNotTrusted()
    {
        var report = Verify("C.jpg", VerifyOptions.None);
        Assert.Equal(CredentialState.Valid, report.State);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.SigningCredentialUntrusted);
    }

    [Fact]
    public void TheTamperedXcaIsInvalidWithADataHashMismatchButAValidSignature()
    {
        var report = Verify("XCA.jpg", Anchors());
        Assert.Equal(CredentialState.Invalid, report.State);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(StatusCodes.DataHashMismatch, failure.Code);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.TimeStampValidated);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.ClaimSignatureValidated);
    }

    [Fact]
    public void TheAmazonTitanPngIsValidAtItsTimeStamp()
    {
        // The signer's certificate is valid 2024-08-14 to 2025-08-14; the DigiCert time-stamp (2024-09-25) is inside.
        var report = Verify("amazon-titan-g1.png", VerifyOptions.None);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.TimeStampValidated && c.Explanation.Contains("2024-09-25 08:29:07Z", StringComparison.Ordinal));
        Assert.Equal(CredentialState.Valid, report.State);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.DataHashMatch);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.ClaimSignatureValidated);
    }

    [Fact]
    public void TheAmazonTitanPngIsReportedExpiredWhenCheckedTodayInsteadOfAtItsTimeStamp()
    {
        var report = Verify("amazon-titan-g1.png", VerifyOptions.None with { ValidationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Equal(CredentialState.Invalid, report.State);
        Assert.Equal(StatusCodes.SigningCredentialExpired, Assert.Single(report.Failures).Code);
    }

    [Theory]
    [InlineData("earth_apollo17.jpg")]
    [InlineData("libpng-test.png")]
    public void FilesWithoutAManifestAreReportedAsSuch(string name) =>
        Assert.Equal(CredentialState.NoManifest, Verify(name, Anchors()).State);
}
