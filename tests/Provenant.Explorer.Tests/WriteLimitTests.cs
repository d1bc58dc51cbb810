using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Provenant.Server.Log;
using Provenant.TestSupport;

namespace Provenant.Explorer.Tests;

/// <summary>Writes are rate limited per client with ASP.NET Core's RateLimiter; reads and verification are not.</summary>
public sealed class WriteLimitTests
{
    [Fact]
    public async Task A_burst_of_writes_beyond_the_bucket_gets_429_with_retry_after_and_reads_still_answer()
    {
        using var tmp = SharedData.NewTempDir();
        await using var host = await LogHost.StartAsync(new LogServerOptions { DataDirectory = tmp.Path, Urls = ["http://127.0.0.1:0"], WriteRequestsPerSecond = 2 });
        using var http = new HttpClient { BaseAddress = new Uri(host.Addresses[0].TrimEnd('/') + "/") };
        var token = File.ReadAllText(host.TokenPath).Trim();
        // Bucket of 4 plus a queue of 4 at 2/s: of 40 simultaneous writes most must be refused at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/attachments") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await http.SendAsync(req);
        }));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 25, $"{limited.Count} of 40 were limited");
        Assert.All(limited, r => Assert.Equal("1", r.Headers.RetryAfter!.ToString()));
        Assert.All(responses.Except(limited), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode)); // admitted, then refused as malformed
        for (var i = 0; i < 20; i++)
        {
            using var read = await http.GetAsync("api/v1/log");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using var verify = await http.PostAsync("api/v1/verify", new StringContent("{\"kind\":\"log-entry\",\"index\":0}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        }
        foreach (var r in responses) r.Dispose();
    }
}
