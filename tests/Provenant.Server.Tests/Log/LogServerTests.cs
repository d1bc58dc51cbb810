using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Entries;
using Provenant.Ledger.Notes;
using Provenant.Server.Log;
using Provenant.TestSupport;

namespace Provenant.Server.Tests.Log;

/// <summary>The log server over real HTTP on 127.0.0.1 (Kestrel, port 0).</summary>
public sealed class LogServerTests
{
    private static async Task<(LogHost Host, LogTestClient Client, TempDir Dir)> StartAsync()
    {
        var dir = SharedData.NewTempDir("logserver");
        var host = await LogHost.StartAsync(new LogServerOptions { DataDirectory = dir.Path, Urls = ["http://127.0.0.1:0"], Origin = "test.example/log" });
        var token = File.ReadAllText(host.TokenPath).Trim();
        return (host, new LogTestClient(host.Addresses[0], token), dir);
    }

    [Fact]
    public async Task Submissions_are_validated_logged_deduplicated_and_served_as_tiles()
    {
        var (host, client, dir) = await StartAsync();
        await using (host)
        using (client)
        using (dir)
        {
            Assert.Equal("600", Convert.ToString((int)File.GetUnixFileMode(host.TokenPath), 8)[^3..]);
            Assert.Equal("600", Convert.ToString((int)File.GetUnixFileMode(Path.Combine(dir.Path, "log.key")), 8)[^3..]);
            var bundle = client.Sign(1);
            var resp = await client.PostAsync(client.Body(bundle));
            Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
            var json = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
            var entry = BundleTlogEntry.Parse(json["tlogEntry"]!.ToJsonString(), "response");
            Assert.Equal(0UL, entry.LogIndex);
            using var pk = Signing.Keys.EcKeys.FromSpkiPem(client.PublicKeyPem, "pk");
            var logged = bundle with { Material = bundle.Material with { TlogEntries = [entry.ToJson().ToJsonString()] } };
            Assert.True(BundleLogging.Verify(logged, pk, host.VerifierKey, [], 0).IsValid);

            var again = await client.PostAsync(client.Body(bundle));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.True((bool)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["duplicate"]!);

            var cpResp = await client.Http.GetAsync("checkpoint");
            Assert.Equal("text/plain; charset=utf-8", cpResp.Content.Headers.ContentType!.ToString());
            var note = SignedNote.Parse(await cpResp.Content.ReadAsStringAsync(), "checkpoint");
            Assert.True(note.Verify([host.VerifierKey]).IsValid);
            var cp = Checkpoint.Parse(note.Text, "checkpoint");
            Assert.Equal(1UL, cp.TreeSize);

            var tile = await client.Http.GetAsync("tile/0/000.p/1");
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
            Assert.Contains("immutable", tile.Headers.CacheControl!.ToString());
            Assert.Equal(Rfc9162.HashLeaf(entry.CanonicalizedBody), await tile.Content.ReadAsByteArrayAsync());
            var bundleTile = await client.Http.GetAsync("tile/entries/000.p/1");
            Assert.Equal(entry.CanonicalizedBody, (await bundleTile.Content.ReadAsByteArrayAsync())[2..]);
        }
    }

    [Fact]
    public async Task A_batch_is_answered_per_submission_in_order_and_every_logged_entry_verifies()
    {
        var (host, client, dir) = await StartAsync();
        await using (host)
        using (client)
        using (dir)
        {
            const string batch = "api/v1/log/entries/batch";
            var bundles = Enumerable.Range(0, 40).Select(client.Sign).ToList();
            var sig = (byte[])bundles[7].Envelope.Signatures[0].Sig.Clone();
            sig[^1] ^= 1;
            var bodies = bundles.Select(b => client.Body(b)).ToList();
            bodies[7] = client.Body(bundles[7] with { Envelope = bundles[7].Envelope with { Signatures = [bundles[7].Envelope.Signatures[0] with { Sig = sig }] } });
            bodies[9] = """{"surprise":1}""";
            bodies.Add(bodies[3]); // a duplicate inside the batch

            var resp = await client.PostAsync("[" + string.Join(",", bodies) + "]", path: batch);
            Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
            var results = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsArray();
            Assert.Equal(bodies.Count, results.Count);
            Assert.Equal(422, (int)results[7]!["status"]!);
            Assert.Contains("signature", (string)results[7]!["error"]!);
            Assert.Equal(400, (int)results[9]!["status"]!);
            using var pk = Signing.Keys.EcKeys.FromSpkiPem(client.PublicKeyPem, "pk");
            var indexes = new HashSet<ulong>();
            for (var i = 0; i < bundles.Count; i++)
            {
                if (i is 7 or 9) continue;
                Assert.Contains((int)results[i]!["status"]!, new[] { 200, 201 });
                var entry = BundleTlogEntry.Parse(results[i]!["tlogEntry"]!.ToJsonString(), "response");
                var logged = bundles[i] with { Material = bundles[i].Material with { TlogEntries = [entry.ToJson().ToJsonString()] } };
                Assert.True(BundleLogging.Verify(logged, pk, host.VerifierKey, [], 0).IsValid, $"entry {i}");
                indexes.Add(entry.LogIndex);
            }
            Assert.Equal(38, indexes.Count);
            Assert.Equal(results[3]!["logIndex"]!.ToJsonString(), results[^1]!["logIndex"]!.ToJsonString());
            Assert.Equal(38UL, host.Log.Published.Checkpoint.TreeSize);

            // Resubmitting the whole batch appends nothing: every valid item is a duplicate.
            var again = JsonNode.Parse(await (await client.PostAsync("[" + string.Join(",", bodies) + "]", path: batch)).Content.ReadAsStringAsync())!.AsArray();
            Assert.All(again.Where((_, i) => i is not (7 or 9)), r => Assert.Equal(200, (int)r!["status"]!));
            Assert.Equal(38UL, host.Log.Published.Checkpoint.TreeSize);
        }
    }

    [Theory]
    [InlineData("{}", 400)]
    [InlineData("[]", 400)]
    [InlineData("[1]", 400)]
    [InlineData("[{}] x", 400)]
    [InlineData("[{\"a\":", 400)]
    public async Task Malformed_batches_are_refused_whole(string body, int status)
    {
        var (host, client, dir) = await StartAsync();
        await using (host)
        using (client)
        using (dir)
        {
            Assert.Equal(status, (int)(await client.PostAsync(body, path: "api/v1/log/entries/batch")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("[]", bearer: "wrong-token-wrong-token", path: "api/v1/log/entries/batch")).StatusCode);
            var tooMany = "[" + string.Join(",", Enumerable.Repeat("{}", LogEndpoints.MaxBatchEntries + 1)) + "]";
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(tooMany, path: "api/v1/log/entries/batch")).StatusCode);
            Assert.Equal(0UL, host.Log.Published.Checkpoint.TreeSize);
        }
    }

    [Theory]
    [InlineData("tile/0/000.p/2")]      // beyond the tree
    [InlineData("tile/0/000")]          // full tile that does not exist
    [InlineData("tile/1/000.p/1")]
    [InlineData("tile/0/001.p/1")]
    [InlineData("tile/entries/000.p/2")]
    [InlineData("tile/0/00")]           // malformed
    [InlineData("tile/0/../../log.key")]
    [InlineData("tile/x/000")]
    public async Task Unknown_or_out_of_tree_tile_paths_are_404(string path)
    {
        var (host, client, dir) = await StartAsync();
        await using (host)
        using (client)
        using (dir)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(client.Body(client.Sign(1)))).StatusCode);
            var r = await client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }
    }

    [Fact]
    public async Task Bad_writes_are_refused_with_the_right_status_and_nothing_is_appended()
    {
        var (host, client, dir) = await StartAsync();
        await using (host)
        using (client)
        using (dir)
        {
            var bundle = client.Sign(5);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(client.Body(bundle), bearer: "wrong-token-wrong-token")).StatusCode);
            using (var noAuth = new HttpRequestMessage(HttpMethod.Post, "api/v1/log/entries") { Content = new StringContent(client.Body(bundle)) })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.SendAsync(noAuth)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("{not json")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("""{"bundle":{"mediaType":"x"}}""")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("""{"surprise":1}""")).StatusCode);
            var huge = client.Body(bundle).Replace("\"bundle\":", "\"pad\":\"" + new string('a', LogEndpoints.MaxRequestBytes) + "\",\"bundle\":");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync(huge, expectContinue: true)).StatusCode);

            // A flipped signature byte, and a different public key: both 422.
            var sig = (byte[])bundle.Envelope.Signatures[0].Sig.Clone();
            sig[^1] ^= 1;
            var forged = bundle with { Envelope = bundle.Envelope with { Signatures = [bundle.Envelope.Signatures[0] with { Sig = sig }] } };
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsync(client.Body(forged))).StatusCode);
            using var other = new LogTestClient(host.Addresses[0], "x");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsync(client.Body(bundle, other.PublicKeyPem))).StatusCode);
            var payload = (byte[])bundle.Envelope.Payload.Clone();
            payload[10] ^= 1;
            var altered = bundle with { Envelope = bundle.Envelope with { Payload = payload } };
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsync(client.Body(altered))).StatusCode);

            Assert.Equal(0UL, host.Log.Published.Checkpoint.TreeSize);
        }
    }

    [Fact]
    public async Task Every_single_byte_change_to_a_logged_bundle_entry_fails_offline_verification()
    {
        var (host, client, dir) = await StartAsync();
        await using (host)
        using (client)
        using (dir)
        {
            for (var i = 0; i < 5; i++) await client.PostAsync(client.Body(client.Sign(100 + i)));
            var bundle = client.Sign(7);
            var json = JsonNode.Parse(await (await client.PostAsync(client.Body(bundle))).Content.ReadAsStringAsync())!;
            var entryJson = json["tlogEntry"]!.ToJsonString();
            using var pk = Signing.Keys.EcKeys.FromSpkiPem(client.PublicKeyPem, "pk");
            Assert.True(BundleLogging.Verify(bundle with { Material = bundle.Material with { TlogEntries = [entryJson] } }, pk, host.VerifierKey, [], 0).IsValid);
            // Mutate every byte of the decoded fields that matter: body, proof hashes, root, checkpoint text.
            var e = BundleTlogEntry.Parse(entryJson, "e");
            var variants = new List<BundleTlogEntry>();
            for (var i = 0; i < e.CanonicalizedBody.Length; i++) variants.Add(e with { CanonicalizedBody = Flip(e.CanonicalizedBody, i) });
            for (var h = 0; h < e.Hashes.Count; h++)
                for (var i = 0; i < 32; i++) variants.Add(e with { Hashes = e.Hashes.Select((x, k) => k == h ? Flip(x, i) : x).ToArray() });
            for (var i = 0; i < 32; i++) variants.Add(e with { RootHash = Flip(e.RootHash, i) });
            var cpBytes = Encoding.UTF8.GetBytes(e.Checkpoint);
            for (var i = 0; i < cpBytes.Length; i++) variants.Add(e with { Checkpoint = Encoding.UTF8.GetString(Flip(cpBytes, i)) });
            variants.Add(e with { LogIndex = e.LogIndex + 1 });
            variants.Add(e with { TreeSize = e.TreeSize + 1 });
            foreach (var v in variants)
            {
                var b = bundle with { Material = bundle.Material with { TlogEntries = [v.ToJson().ToJsonString()] } };
                Assert.False(BundleLogging.Verify(b, pk, host.VerifierKey, [], 0).IsValid);
            }
        }
    }

    private static byte[] Flip(byte[] a, int i)
    {
        var c = (byte[])a.Clone();
        c[i] ^= 0x01;
        return c;
    }
}
