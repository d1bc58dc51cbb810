using System.Text.Json;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;
using Provenant.Server.Log;
using Provenant.TestSupport;

namespace Provenant.Explorer.Tests;

/// <summary>The log summary the log page draws names the witness cosignatures on the published checkpoint.</summary>
public sealed class WitnessedLogTests
{
    [Fact]
    public async Task The_log_summary_lists_the_witness_cosignature_of_the_published_checkpoint()
    {
        using var tmp = SharedData.NewTempDir();
        // First start creates the log key; the witness must trust it before the witnessed log starts.
        await (await LogHost.StartAsync(new LogServerOptions { DataDirectory = tmp.Path, Urls = ["http://127.0.0.1:0"] })).DisposeAsync();
        var logKey = NoteVerifierKey.Parse(File.ReadAllText(Path.Combine(tmp.Path, "log.vkey")).Trim());
        var witnessKey = CosignatureV1Signer.Generate("witness.example/w1");
        var witness = new CosigningWitness(witnessKey, [logKey], new InMemoryWitnessStore());
        await using var host = await LogHost.StartAsync(new LogServerOptions
        {
            DataDirectory = tmp.Path,
            Urls = ["http://127.0.0.1:0"],
            Witnesses = [new TrustedWitness(new InProcessWitness(witness), witnessKey.Verifier)],
            WitnessQuorum = 1,
        });
        await host.Log.AppendAsync("one entry"u8.ToArray()); // returns once a witnessed checkpoint covers it
        using var http = new HttpClient { BaseAddress = new Uri(host.Addresses[0].TrimEnd('/') + "/") };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/v1/log"));
        var signatures = doc.RootElement.GetProperty("signatures").EnumerateArray().ToList();
        var w = Assert.Single(signatures, s => s.GetProperty("role").GetString() == "witness");
        Assert.Equal("witness.example/w1", w.GetProperty("keyName").GetString());
        Assert.Single(signatures, s => s.GetProperty("role").GetString() == "log");
        Assert.Contains("— witness.example/w1 ", doc.RootElement.GetProperty("checkpoint").GetString());
    }
}
