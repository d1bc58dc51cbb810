namespace Provenant.Explorer.Tests;

/// <summary>
/// A browser test: skipped, with the reason, only when Debian's chromium is not installed at
/// <see cref="BrowserSession.ChromiumPath"/> (<c>.ci/run</c> installs it). When the executable is there, a failure
/// to launch it fails the test.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips when the browser executable is missing.</summary>
    public ChromiumFactAttribute()
    {
        if (!File.Exists(BrowserSession.ChromiumPath)) Skip = $"{BrowserSession.ChromiumPath} is not installed (apt-get install chromium): browser tests not run";
    }
}
