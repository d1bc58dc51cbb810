using Provenant.Credentials.Embedding;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Embedding;

public sealed class SidecarTests : SignedAssetTest
{
    [Fact]
    public void ATextOutputGetsASidecarStoreBindingTheWholeFile()
    {
        var text = Assets.Write("answer.txt", "The model says: 42.\n"u8.ToArray());
        var result = Assets.Sign(text);
        Assert.Equal(text + ".c2pa", result.WrittenPath);
        Assert.Null(result.Exclusion);
        Assert.Equal("The model says: 42.\n"u8.ToArray(), File.ReadAllBytes(text));
        var report = CredentialVerifier.Verify(text, Assets.Trusting);
        Assert.Equal(CredentialState.Trusted, report.State);
        Assert.Equal(AssetContainers.SidecarMediaType, report.MediaType);

        File.AppendAllText(text, "(edited)");
        var edited = CredentialVerifier.Verify(text, Assets.Trusting);
        Assert.Equal(StatusCodes.DataHashMismatch, Assert.Single(edited.Failures).Code);
    }

    [Fact]
    public void ATextFileWithoutASidecarHasNoManifest()
    {
        var text = Assets.Write("plain.txt", "nothing signed"u8.ToArray());
        Assert.Equal(CredentialState.NoManifest, CredentialVerifier.Verify(text, Assets.Trusting).State);
    }
}
