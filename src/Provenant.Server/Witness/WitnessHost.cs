using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provenant.Ledger.Witness;

namespace Provenant.Server.Witness;

/// <summary>
/// Builds the Kestrel application behind <c>provenant witness serve</c>: the <see cref="WitnessEndpoints"/> routes at the
/// root, bound to <see cref="DefaultUrl"/> (loopback only) unless other URLs are given, request bodies capped at
/// <see cref="AddCheckpointRequest.MaxBodySize"/> bytes.
/// </summary>
public static class WitnessHost
{
    /// <summary>The default listening URL: loopback only, port 7381.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7381";

    /// <summary>Builds (does not start) the application.</summary>
    /// <param name="witness">The witness to serve.</param>
    /// <param name="urls">Listening URLs (e.g. <c>http://127.0.0.1:0</c> for an ephemeral port); empty or null → <see cref="DefaultUrl"/>.</param>
    /// <param name="minimumLogLevel">Console log level (default Warning).</param>
    public static WebApplication Build(CosigningWitness witness, IReadOnlyList<string>? urls = null, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(witness);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(WitnessHost).Assembly.GetName().Name });
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = AddCheckpointRequest.MaxBodySize;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        builder.WebHost.UseUrls([.. urls is { Count: > 0 } ? urls : [DefaultUrl]]);
        var app = builder.Build();
        app.MapWitness(witness);
        return app;
    }

    /// <summary>The URLs a started application listens on (with the real port when 0 was requested).</summary>
    public static IReadOnlyList<string> ListeningUrls(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return addresses is null ? [] : [.. addresses.Addresses];
    }
}
