using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Server.Client;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant demo --serve</c>'s second half: records the demo's real sample chain in a running Provenant server so
/// its explorer shows a populated model page. Uses the files the demo's steps wrote (key, dataset commitment and its
/// signed statement, quantized digits MLP, execution trace, outputs) and runs the real subcommands for the rest:
/// signs the digits MLP with <c>sign --log</c>, signs a SLSA provenance statement for the training run (naming the
/// dataset file's digest) and an inference claim (naming the model, quantized model, input and trace), submits them,
/// draws the input digit as a PNG, attaches C2PA credentials to it with <c>credential add</c>, and uploads it.
/// </summary>
public static class DemoChain
{
    /// <summary>The SLSA provenance v1 predicate type.</summary>
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";

    /// <summary>The inference-claim predicate type the demo signs.</summary>
    public const string InferenceClaimV1 = "https://provenant.dev/inference-claim/v1";

    /// <summary>Records the chain; returns whether every step succeeded and the model's digest (<c>sha256:hex</c>).</summary>
    /// <param name="console">Where progress goes.</param>
    /// <param name="samplesDir">The samples/ folder.</param>
    /// <param name="dir">The demo's working directory (after its steps ran).</param>
    /// <param name="server">The server's base URL.</param>
    /// <param name="tokenFile">The server's write token file.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ProvenantException">The server refused a submission or is unreachable.</exception>
    public static async Task<(bool Ok, string ModelDigest)> PublishAsync(CliConsole console, string samplesDir, string dir, Uri server, string tokenFile, CancellationToken ct = default)
    {
        string F(string name) => Path.Combine(dir, name);
        var url = server.ToString();
        var token = File.ReadAllText(tokenFile).Trim();
        var publicKey = File.ReadAllText(F("key.pub.pem"));
        var modelDir = F("digits-mlp");
        Directory.CreateDirectory(modelDir);
        File.Copy(Path.Combine(samplesDir, "models", "digits-mlp", "digits-mlp.onnx"), Path.Combine(modelDir, "digits-mlp.onnx"), overwrite: true);
        var digits = Path.Combine(samplesDir, "datasets", "sklearn-digits", "digits.csv.gz");
        var digit = Path.Combine(samplesDir, "models", "digits-mlp", "digit-0.json");

        var ok = DemoCommand.RunSteps(console,
        [
            ("Sign the digits MLP (OMS v1.0) and record it in the server's log", ["sign", modelDir, "--private-key", F("key.pem"), "--signature", F("digits-mlp.sig"), "--log", url, "--log-token-file", tokenFile], 0),
        ]);
        console.Out.WriteLine();
        console.Out.WriteLine("== Record the signed dataset commitment in the log");
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("dataset.sig")), publicKey, ct);

        var modelDigest = SubjectDigest(F("digits-mlp.sig"));
        var datasetDigest = Sha256(digits);
        Write(F("training.json"), Statement(
            [("digits-mlp", modelDigest)],
            SlsaProvenanceV1,
            new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = "https://provenant.dev/train/v1",
                    ["externalParameters"] = JsonNode.Parse(File.ReadAllText(Path.Combine(samplesDir, "models", "digits-mlp", "train.json"))),
                    ["resolvedDependencies"] = new JsonArray(Dependency("digits.csv.gz", datasetDigest)),
                },
                ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = "https://provenant.dev/provenant-train" } },
            }));
        var outputs = F(Path.Combine("outputs", "outputs.json"));
        Write(F("inference.json"), Statement(
            [("outputs.json", Sha256(outputs))],
            InferenceClaimV1,
            new JsonObject
            {
                ["model"] = Dependency("digits-mlp", modelDigest["sha256:".Length..]),
                ["quantizedModel"] = Dependency("digits-mlp.q.onnx", Sha256(F("digits-mlp.q.onnx"))),
                ["input"] = Dependency("digit-0.json", Sha256(digit)),
                ["trace"] = Dependency("trace.bin", Sha256(F("trace.bin"))),
                ["verification"] = "provenant trace verify re-executed every node of the trace on the integer engine",
            }));
        ok &= DemoCommand.RunSteps(console,
        [
            ("Sign the training run's SLSA provenance (dataset → model)", ["sign-statement", F("training.json"), "--private-key", F("key.pem"), "--out", F("training.sig")], 0),
            ("Sign the inference claim (model → output, with its trace)", ["sign-statement", F("inference.json"), "--private-key", F("key.pem"), "--out", F("inference.sig")], 0),
        ]);
        console.Out.WriteLine();
        console.Out.WriteLine("== Record the training provenance and the inference claim in the log");
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("training.sig")), publicKey, ct);
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("inference.sig")), publicKey, ct);

        DemoDigitImage.Write(digit, F("digit-0.png"));
        var (credKey, chain, _) = DemoPki.Write(dir);
        ok &= DemoCommand.RunSteps(console,
        [
            ("Attach C2PA content credentials (naming the logged model statement and the claim) to the input digit drawn as PNG",
                ["credential", "add", F("digit-0.png"), "--model-statement", F("digits-mlp.sig"), "--proof", F("inference.sig"), "--key", credKey, "--cert-chain", chain, "--out", F("digit-0.c2pa.png")], 0),
        ]);
        console.Out.WriteLine();
        console.Out.WriteLine("== Upload the credentialed PNG to the server");
        await UploadCredentialAsync(server, token, F("digit-0.c2pa.png"), ct);
        return (ok, modelDigest);
    }

    private static async Task UploadCredentialAsync(Uri server, string token, string path, CancellationToken ct)
    {
        var body = new JsonObject { ["kind"] = "c2pa", ["name"] = Path.GetFileName(path), ["file"] = Convert.ToBase64String(File.ReadAllBytes(path)) };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "api/v1/attachments")) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var resp = await http.SendAsync(req, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        if (!resp.IsSuccessStatusCode) throw new ProvenantException($"{server} refused the credential ({(int)resp.StatusCode}): {text}", ExitCodes.OutputError);
    }

    private static string SubjectDigest(string bundlePath)
    {
        var b = SigstoreBundle.ReadFile(bundlePath);
        using var doc = JsonDocument.Parse(b.Envelope.Payload);
        return "sha256:" + doc.RootElement.GetProperty("subject")[0].GetProperty("digest").GetProperty("sha256").GetString();
    }

    private static JsonObject Statement(IEnumerable<(string Name, string Sha256)> subjects, string predicateType, JsonObject predicate) => new()
    {
        ["_type"] = Signing.InToto.InTotoStatement.TypeV1,
        ["subject"] = new JsonArray([.. subjects.Select(s => (JsonNode)Dependency(s.Name, s.Sha256.StartsWith("sha256:", StringComparison.Ordinal) ? s.Sha256[7..] : s.Sha256))]),
        ["predicateType"] = predicateType,
        ["predicate"] = predicate,
    };

    private static JsonObject Dependency(string name, string sha256Hex) => new() { ["name"] = name, ["digest"] = new JsonObject { ["sha256"] = sha256Hex } };

    private static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static void Write(string path, JsonObject statement) => Core.IO.AtomicFile.WriteText(path, statement.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
