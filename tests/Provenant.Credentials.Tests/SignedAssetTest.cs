namespace Provenant.Credentials.Tests;

/// <summary>Base of tests that sign fixture copies: one <see cref="SignedAssets"/> (test PKI + temp folder) per test.</summary>
public abstract class SignedAssetTest : IDisposable
{
    internal SignedAssets Assets { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        Assets.Dispose();
        GC.SuppressFinalize(this);
    }
}
