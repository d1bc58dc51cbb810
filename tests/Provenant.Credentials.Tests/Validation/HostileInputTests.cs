using Provenant.TestSupport;
using System.Security.Cryptography;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Validation;

public sealed class HostileInputTests : SignedAssetTest
{
    /// <summary>Replaces the caBX chunk data of a signed PNG and fixes the CRC, so the change reaches the manifest parser.</summary>
    private static byte[] WithStore(byte[] png, Func<byte[], byte[]> change)
    {
        var caBx = PngContainer.Chunks(png, "p").Single(c => c.Type == "caBX");
        var store = change(png.AsSpan((int)caBx.Offset + 8, (int)caBx.Length).ToArray());
        var chunk = new PngContainer().Wrap(store);
        return png.Take((int)caBx.Offset).Concat(chunk).Concat(png.Skip((int)(caBx.Offset + 12 + caBx.Length))).ToArray();
    }

    [Fact]
    public void FlippingAnyByteOfTheEmbeddedStoreNeverValidatesAndNeverThrows()
    {
        var png = File.ReadAllBytes(Assets.SignedCopy("libpng-test.png"));
        var storeLength = PngContainer.Chunks(png, "p").Single(c => c.Type == "caBX").Length;
        var states = new Dictionary<CredentialState, int>();
        var trusted = new List<int>();
        var store = new PngContainer().Find(png, "p")!.Store.ToArray();
        // The manifest's own label (urn:c2pa:UUID) is the one part of a store no hash or signature covers: claims refer
        // to their boxes relatively (C2PA 2.x §8.2), so a reader cannot notice a changed label. Those bytes are skipped.
        var label = Credentials.Manifest.ManifestStore.Parse(store, "p").Active.Label;
        var labelAt = store.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(label));
        for (var i = 0; i < storeLength; i += 5)
        {
            var index = i;
            if (index >= labelAt && index < labelAt + label.Length) continue;
            var changed = WithStore(png, s => { s[index] ^= 0x04; return s; });
            var report = CredentialVerifier.Verify(Assets.Write("flip.png", changed), Assets.Trusting);
            states[report.State] = states.GetValueOrDefault(report.State) + 1;
            if (report.State == CredentialState.Trusted) trusted.Add(index);
        }
        Assert.True(trusted.Count == 0, string.Join(", ", states) + " trusted after flipping store bytes " + string.Join(", ", trusted.Select(t => $"{t}:{(char)store[t]}")));
        Assert.False(states.ContainsKey(CredentialState.Valid), string.Join(", ", states));
    }

    [Fact]
    public void FlippingBytesOfTheJpegApp11SegmentsNeverValidatesAndNeverThrows()
    {
        var jpeg = File.ReadAllBytes(Assets.SignedCopy("earth_apollo17.jpg"));
        var range = new JpegContainer().Find(jpeg, "j")!.Range;
        var label = Credentials.Manifest.ManifestStore.Parse(new JpegContainer().Find(jpeg, "j")!.Store, "j").Active.Label;
        var labelAt = jpeg.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(label));
        var outcomes = new Dictionary<CredentialState, int>();
        for (var i = range.Start; i < range.End; i += i < range.Start + 64 ? 1 : 7)
        {
            if (i >= labelAt && i < labelAt + label.Length) continue;
            // The box instance number En (bytes 6-7 of the segment) only groups segments: any value is as good.
            if (i == range.Start + 6 || i == range.Start + 7) continue;
            var copy = (byte[])jpeg.Clone();
            copy[i] ^= 0x21;
            var state = CredentialVerifier.Verify(Assets.Write("flip.jpg", copy), Assets.Trusting).State;
            outcomes[state] = outcomes.GetValueOrDefault(state) + 1;
            Assert.True(state is CredentialState.Invalid or CredentialState.Malformed or CredentialState.NoManifest, $"flipping byte {i} gave {state}");
        }
        Assert.True(outcomes.GetValueOrDefault(CredentialState.Malformed) > 0 && outcomes.GetValueOrDefault(CredentialState.Invalid) > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void ACoseSignatureWithIndefiniteLengthsIsReportedNotCrashed()
    {
        var png = File.ReadAllBytes(Assets.SignedCopy("libpng-test.png"));
        var manifest = Credentials.Manifest.ManifestStore.Parse(new PngContainer().Find(png, "p")!.Store, "p").Active;
        // Rewrite the tagged COSE array head 0x84 as an indefinite array 0x9f … 0xff of the same items.
        var cose = manifest.SignatureBytes;
        Assert.Equal(0x84, cose[1]);
        var indefinite = cose.Take(1).Append((byte)0x9f).Concat(cose.Skip(2)).Append((byte)0xff).ToArray();
        Assert.Contains("indefinite", Assert.Throws<Core.Errors.ProvenantFormatException>(() => Credentials.Cose.CoseSign1.Decode(indefinite, "cose")).Message);
        var changed = WithStore(png, s =>
        {
            var at = s.AsSpan().IndexOf(cose);
            return s.Take(at).Concat(indefinite[..^1]).Concat(s.Skip(at + cose.Length - 1)).ToArray();
        });
        var report = CredentialVerifier.Verify(Assets.Write("indef.png", changed), Assets.Trusting);
        Assert.NotEqual(CredentialState.Trusted, report.State);
    }

    [Fact]
    public void AnExpiredSignerCertificateIsReportedExpired()
    {
        using var assets = new SignedAssets(new TestPki(DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddYears(-1)));
        var report = CredentialVerifier.Verify(assets.SignedCopy("libpng-test.png"), assets.Trusting);
        Assert.Equal(CredentialState.Invalid, report.State);
        Assert.Equal(StatusCodes.SigningCredentialExpired, Assert.Single(report.Failures).Code);
        var then = CredentialVerifier.Verify(assets.SignedCopy("libpng-test.png"), assets.Trusting with { ValidationTime = DateTimeOffset.UtcNow.AddYears(-2) });
        Assert.Equal(CredentialState.Trusted, then.State);
    }

    [Fact]
    public void ASignerThatDoesNotChainToTheAnchorsIsUntrusted()
    {
        using var other = new TestPki();
        var report = CredentialVerifier.Verify(Assets.SignedCopy("libpng-test.png"), new VerifyOptions([other.Root]));
        Assert.Equal(CredentialState.Valid, report.State);
        Assert.Contains(report.Manifests[0].Checks, c => c.Code == StatusCodes.SigningCredentialUntrusted && !c.Passed);
    }

    [Fact]
    public void ASignerWithoutTheC2paExtendedKeyUsagesIsInvalid()
    {
        using var assets = new SignedAssets(new TestPki(signerEkus: false));
        var report = CredentialVerifier.Verify(assets.SignedCopy("libpng-test.png"), assets.Trusting);
        Assert.Equal(CredentialState.Invalid, report.State);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(StatusCodes.SigningCredentialInvalid, failure.Code);
        Assert.Contains("extended key usage", failure.Explanation);
    }

    [Fact]
    public void AnAssertionChangedAfterSigningIsAHashedUriMismatch()
    {
        var png = File.ReadAllBytes(Assets.SignedCopy("libpng-test.png"));
        var changed = WithStore(png, s =>
        {
            var at = s.AsSpan().IndexOf("notAllowed"u8);
            "allowed\0\0\0"u8.CopyTo(s.AsSpan(at));
            return s;
        });
        var report = CredentialVerifier.Verify(Assets.Write("assertion.png", changed), Assets.Trusting);
        Assert.Equal(CredentialState.Invalid, report.State);
        Assert.Contains(report.Failures, f => f.Code == StatusCodes.HashedUriMismatch && f.Url!.EndsWith("cawg.training-mining", StringComparison.Ordinal));
    }

    [Fact]
    public void AClaimChangedAfterSigningBreaksTheSignature()
    {
        var png = File.ReadAllBytes(Assets.SignedCopy("libpng-test.png"));
        var changed = WithStore(png, s =>
        {
            var at = s.AsSpan().IndexOf("Provenant"u8);
            s[at] = (byte)'p';
            return s;
        });
        var report = CredentialVerifier.Verify(Assets.Write("claim.png", changed), Assets.Trusting);
        Assert.Equal(CredentialState.Invalid, report.State);
        Assert.Contains(report.Failures, f => f.Code == StatusCodes.ClaimSignatureMismatch);
    }

    [Fact]
    public void ExclusionsRunningPastTheAssetAreMalformedNotACrash()
    {
        var hash = DataHashCalculator.Compute(new byte[10], [new(5, 100)], "sha256", out var problem);
        Assert.Null(hash);
        Assert.Contains("past", problem);
        Assert.Null(DataHashCalculator.Compute(new byte[10], [new(0, 4), new(2, 4)], "sha256", out _));
        Assert.Null(DataHashCalculator.Compute(new byte[10], [new(long.MaxValue - 1, long.MaxValue)], "sha256", out _));
        Assert.Null(DataHashCalculator.Compute(new byte[10], [new(2, long.MaxValue)], "sha256", out _));
        Assert.Equal(SHA256.HashData(new byte[] { 1, 2, 5 }), DataHashCalculator.Compute(new byte[] { 1, 2, 3, 4, 5 }, [new(2, 2)], "sha256", out _));
    }
}
