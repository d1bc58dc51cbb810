using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Server.Client;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant demo --serve</c>'s second half: records the demo's real sample chain in a running Provenant server so
/// its explorer shows a populated model page, every link of it real. Uses the demo's key and signed dataset commitment,
/// and runs the real subcommands for the rest: trains the digits MLP with a proof-of-learning log (<c>train --log</c>,
/// whose SLSA provenance names the dataset files), audits it (<c>audit-training --statement</c>), signs the model with
/// <c>sign --log</c>, signs the provenance and the audit verdict, quantizes the model, proves one inference with a
/// proof statement naming the signed model, signs and logs it and attaches the proof with its weight commitment, signs
/// an inference claim (model, quantized model, input, trace), draws the input digit as a PNG, attaches C2PA
/// credentials to it with <c>credential add</c>, and uploads it.
/// </summary>
public static class DemoChain
{
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
        var modelFile = Path.Combine(modelDir, "digits-mlp.onnx");
        var digits = Path.Combine(samplesDir, "datasets", "sklearn-digits", "digits.csv.gz");
        var digit = Path.Combine(samplesDir, "models", "digits-mlp", "digit-0.json");

        var ok = DemoCommand.RunSteps(console,
        [
            ("Train the digits MLP deterministically with a proof-of-learning log (seed committed to the dataset root)",
                ["train", "--config", Path.Combine(samplesDir, "models", "digits-mlp", "train.json"), "--dataset", F("dataset.json"), "--log", F("training-log"), "--out", modelFile], 0),
            ("Audit the training log (sampled bit-exact re-execution) and write the verdict as a statement",
                ["audit-training", "--log", F("training-log"), "--dataset", F("dataset.json"), "--model", modelFile, "--statement", F("audit.json")], 0),
            ("Sign the trained model (OMS v1.0) and record it in the server's log", ["sign", modelDir, "--private-key", F("key.pem"), "--signature", F("digits-mlp.sig"), "--log", url, "--log-token-file", tokenFile], 0),
            ("Sign the training run's SLSA provenance (written by train --log)", ["sign-statement", Path.Combine(F("training-log"), "provenance.json"), "--private-key", F("key.pem"), "--out", F("training.sig")], 0),
            ("Sign the audit verdict", ["sign-statement", F("audit.json"), "--private-key", F("key.pem"), "--out", F("audit.sig")], 0),
            ("Quantize the trained model to int8", ["quantize", modelFile, "--calibrate", digits, "--out", F("trained.q.onnx")], 0),
            ("Run it on a real digit with an execution trace", ["infer", F("trained.q.onnx"), "--input", digit, "--output-dir", F("trained-outputs"), "--trace", F("trained-trace.bin")], 0),
            ("Commit to its quantized weights", ["commit-weights", F("trained.q.onnx"), "--out", F("trained.weights.json")], 0),
            ("Prove that inference, with a proof statement naming the signed model",
                ["prove", F("trained.q.onnx"), "--input", digit, "--weights-commitment", F("trained.weights.json"), "--out", F("trained.proof"), "--output", F("trained-proof-output.json"), "--statement", F("proof.json"), "--model-statement", F("digits-mlp.sig")], 0),
            ("Sign the proof statement", ["sign-statement", F("proof.json"), "--private-key", F("key.pem"), "--out", F("proof.sig")], 0),
        ]);
        if (!ok) return (false, "");
        console.Out.WriteLine();
        console.Out.WriteLine("== Record the dataset commitment, the training provenance, the audit verdict and the proof statement in the log");
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("dataset.sig")), publicKey, ct);
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("training.sig")), publicKey, ct);
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("audit.sig")), publicKey, ct);
        await LogSubmitter.SubmitAsync(server, token, SigstoreBundle.ReadFile(F("proof.sig")), publicKey, ct);
        console.Out.WriteLine("== Attach the proof and the weight commitment (the server verifies the proof before accepting it)");
        await UploadAsync(server, token, new JsonObject
        {
            ["kind"] = "inference-proof",
            ["name"] = "trained.proof",
            ["file"] = Convert.ToBase64String(File.ReadAllBytes(F("trained.proof"))),
            ["weightCommitment"] = Convert.ToBase64String(File.ReadAllBytes(F("trained.weights.json"))),
        }, ct);

        var modelDigest = "sha256:" + ProveCommand.OmsSubject(F("digits-mlp.sig")).Sha256Hex;
        var outputs = F(Path.Combine("trained-outputs", "outputs.json"));
        Write(F("inference.json"), Statement(
            [("outputs.json", Sha256Hash.FileHex(outputs, "outputs"))],
            InferenceClaimV1,
            new JsonObject
            {
                ["model"] = Dependency("digits-mlp", modelDigest["sha256:".Length..]),
                ["quantizedModel"] = Dependency("trained.q.onnx", Sha256Hash.FileHex(F("trained.q.onnx"), "quantized model")),
                ["input"] = Dependency("digit-0.json", Sha256Hash.FileHex(digit, "input")),
                ["trace"] = Dependency("trained-trace.bin", Sha256Hash.FileHex(F("trained-trace.bin"), "trace")),
                ["verification"] = "provenant trace verify re-executes every node of the trace on the integer engine",
            }));
        ok &= DemoCommand.RunSteps(console,
        [
            ("Sign the inference claim (model → output, with its trace)", ["sign-statement", F("inference.json"), "--private-key", F("key.pem"), "--out", F("inference.sig")], 0),
        ]);
        console.Out.WriteLine();
        console.Out.WriteLine("== Record the inference claim in the log");
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

    private static Task UploadCredentialAsync(Uri server, string token, string path, CancellationToken ct) =>
        UploadAsync(server, token, new JsonObject { ["kind"] = "c2pa", ["name"] = Path.GetFileName(path), ["file"] = Convert.ToBase64String(File.ReadAllBytes(path)) }, ct);

    private static async Task UploadAsync(Uri server, string token, JsonObject body, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "api/v1/attachments")) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var resp = await http.SendAsync(req, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        if (!resp.IsSuccessStatusCode) throw new ProvenantException($"{server} refused the {body["kind"]} attachment ({(int)resp.StatusCode}): {text}", ExitCodes.OutputError);
    }

    private static JsonObject Statement(IEnumerable<(string Name, string Sha256)> subjects, string predicateType, JsonObject predicate) => new()
    {
        ["_type"] = Signing.InToto.InTotoStatement.TypeV1,
        ["subject"] = new JsonArray([.. subjects.Select(s => (JsonNode)Dependency(s.Name, s.Sha256.StartsWith("sha256:", StringComparison.Ordinal) ? s.Sha256[7..] : s.Sha256))]),
        ["predicateType"] = predicateType,
        ["predicate"] = predicate,
    };

    private static JsonObject Dependency(string name, string sha256Hex) => new() { ["name"] = name, ["digest"] = new JsonObject { ["sha256"] = sha256Hex } };


    private static void Write(string path, JsonObject statement) => Core.IO.AtomicFile.WriteText(path, statement.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
