using Microsoft.Playwright;

namespace Provenant.Explorer.Tests;

/// <summary>Playwright (its bundled node driver, no <c>playwright install</c>) driving Debian's chromium headless.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Where Debian installs chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static async Task<BrowserSession> StartAsync()
    {
        var s = new BrowserSession { _playwright = await Playwright.CreateAsync() };
        s.Browser = await s._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" ? ["--no-sandbox"] : [],
        });
        return s;
    }

    public async Task<IPage> NewPageAsync(int width = 1200, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
