using System.CommandLine;
using Provenant.Core.Errors;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant demo [--work DIR] [--samples DIR]</c>: the main job on embedded defaults and the shipped real data
/// (<c>samples/</c>): generate a key, sign and verify the real MNIST ONNX model, commit the real sklearn digits dataset,
/// sign the commitment, prove and verify one record; quantize the digits MLP, run it with an execution trace, verify the
/// trace and one node proof, commit to its weights and prove and verify the inference succinctly; then flip one byte
/// of the model and show verification fail.
/// Every step runs the real <c>provenant</c> subcommand; exit 0 only if every step had its expected outcome.
/// With <c>--serve</c> it then starts <c>provenant serve</c> (<c>--data</c>, <c>--port</c>), records the sample chain in
/// it (<see cref="DemoChain"/>) and keeps serving, so the explorer opens on a populated model page.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var work = new Option<string?>("--work") { Description = "Working directory for the demo's files (default: a new temporary directory)" };
        var samples = new Option<string?>("--samples") { Description = "The samples/ folder (default: found above the program or the current directory)" };
        var serve = new Option<bool>("--serve") { Description = "Afterwards, serve the log, API and explorer filled with the demo's chain until Ctrl+C" };
        var data = new Option<string?>("--data") { Description = "With --serve: the server's data directory (default: WORK/server)" };
        var port = new Option<int>("--port") { Description = "With --serve: TCP port on 127.0.0.1", DefaultValueFactory = _ => 8080 };
        var cmd = new Command("demo", "Run the end-to-end demo on the shipped samples") { work, samples, serve, data, port };
        cmd.SetAction(async (r, ct) =>
        {
            var samplesDir = r.GetValue(samples) ?? FindSamples()
                ?? throw new ProvenantException("samples/ folder not found: run from the repository or pass --samples DIR");
            var dir = r.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "provenant-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
            Directory.CreateDirectory(dir);
            var model = Path.Combine(dir, "mnist-cnn");
            CopyDirectory(Path.Combine(samplesDir, "models", "mnist-cnn"), model);
            var digits = Path.Combine(samplesDir, "datasets", "sklearn-digits", "digits.csv.gz");
            var mlp = Path.Combine(samplesDir, "models", "digits-mlp", "digits-mlp.onnx");
            var digit = Path.Combine(samplesDir, "models", "digits-mlp", "digit-0.json");
            string F(string name) => Path.Combine(dir, name);
            console.Out.WriteLine($"Provenant demo in {dir}");
            var steps = new List<(string Title, string[] Args, int Expected)>
            {
                ("Generate an ECDSA P-256 signing key", ["keygen", "--out", F("key.pem"), "--force"], 0),
                ("Print the model's OMS manifest", ["digest", model], 0),
                ("Sign the real MNIST CNN (ONNX) with OpenSSF Model Signing v1.0", ["sign", model, "--private-key", F("key.pem"), "--signature", F("model.sig")], 0),
                ("Verify the model against its signature", ["verify", model, "--signature", F("model.sig"), "--public-key", F("key.pub.pem")], 0),
                ("Commit the real sklearn digits dataset (1797 records, RFC 9162 Merkle root)", ["commit-dataset", digits, "--name", "sklearn-digits", "--license", "BSD-3-Clause", "--out", F("dataset.json")], 0),
                ("Sign the dataset commitment statement", ["sign-statement", F("dataset.json"), "--private-key", F("key.pem"), "--out", F("dataset.sig")], 0),
                ("Verify the signed dataset commitment", ["verify-statement", F("dataset.sig"), "--public-key", F("key.pub.pem"), "--statement", F("dataset.json")], 0),
                ("Prove that record 42 is in the committed dataset", ["prove-record", F("dataset.json"), "--index", "42", "--out", F("record-42.json")], 0),
                ("Verify the record proof against the commitment's root", ["verify-record", F("record-42.json"), "--dataset", F("dataset.json")], 0),
                ("Inspect the digits MLP trained deterministically on that dataset (ONNX)", ["inspect", mlp], 0),
                ("Quantize it to int8 (calibrated on the digits data) and compare float vs integer accuracy", ["quantize", mlp, "--calibrate", digits, "--evaluate", digits, "--out", F("digits-mlp.q.onnx")], 0),
                ("Run the bit-exact integer engine on a real digit with an execution trace", ["infer", F("digits-mlp.q.onnx"), "--input", digit, "--output-dir", F("outputs"), "--trace", F("trace.bin")], 0),
                ("Verify the trace by re-executing every node", ["trace", "verify", F("trace.bin"), "--model", F("digits-mlp.q.onnx"), "--input", digit], 0),
                ("Prove node 2's output belongs to the committed trace", ["trace", "prove", F("trace.bin"), "--node", "2", "--out", F("node-2.json")], 0),
                ("Verify that node proof", ["trace", "verify-node", F("node-2.json"), "--trace", F("trace.bin")], 0),
                ("Commit to the quantized weights (Ligero polynomial commitment)", ["commit-weights", F("digits-mlp.q.onnx"), "--out", F("digits-mlp.weights.json")], 0),
                ("Prove the inference succinctly (sumcheck + logUp, weights opened against the commitment)", ["prove", F("digits-mlp.q.onnx"), "--input", digit, "--weights-commitment", F("digits-mlp.weights.json"), "--out", F("inference.proof")], 0),
                ("Verify the proof with only the weight commitment, the input and the output", ["verify-proof", F("inference.proof"), "--model-commitment", F("digits-mlp.weights.json"), "--input", digit, "--output", Path.Combine(F("outputs"), "outputs.json")], 0),
            };
            var ok = RunSteps(console, steps);
            var onnx = Path.Combine(model, "opt-mnist.onnx");
            var bytes = File.ReadAllBytes(onnx);
            var offset = bytes.Length / 2;
            bytes[offset] ^= 0x01;
            File.WriteAllBytes(onnx, bytes);
            console.Out.WriteLine();
            console.Out.WriteLine($"== Tamper: flipped one bit of {onnx} at offset {offset}");
            ok &= RunSteps(console, [("Verify the tampered model (must FAIL)", ["verify", model, "--signature", F("model.sig"), "--public-key", F("key.pub.pem")], ExitCodes.VerificationFailed)]);
            console.Out.WriteLine();
            console.Out.WriteLine(ok ? "demo: every step had its expected outcome" : "demo: some step did not have its expected outcome");
            if (!ok || !r.GetValue(serve)) return ok ? 0 : ExitCodes.VerificationFailed;
            await using var host = await ServeCommand.StartAsync(r.GetValue(data) ?? Path.Combine(dir, "server"), r.GetValue(port), null, ct);
            var (published, modelDigest) = await DemoChain.PublishAsync(console, samplesDir, dir, new Uri(host.Addresses[0].TrimEnd('/') + "/"), host.TokenPath, ct);
            console.Out.WriteLine();
            console.Out.WriteLine($"model page: {host.Addresses[0].TrimEnd('/')}/explorer/#/model/{modelDigest}");
            ServeCommand.Announce(console, host);
            if (!published) return ExitCodes.VerificationFailed;
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }

    internal static bool RunSteps(CliConsole console, IEnumerable<(string Title, string[] Args, int Expected)> steps)
    {
        var ok = true;
        foreach (var (title, args, expected) in steps)
        {
            console.Out.WriteLine();
            console.Out.WriteLine($"== {title}");
            console.Out.WriteLine("$ provenant " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)));
            var code = CliApp.Run(args, console.Out, console.Out, interactive: false);
            var good = code == expected;
            console.Out.WriteLine($"   -> exit {code} ({(good ? "as expected" : $"UNEXPECTED, wanted {expected}")})");
            ok &= good;
        }
        return ok;
    }

    internal static string? FindSamples()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = start; d is not null; d = Path.GetDirectoryName(d))
            {
                var candidate = Path.Combine(d, "samples");
                if (Directory.Exists(Path.Combine(candidate, "models", "mnist-cnn"))) return candidate;
            }
        }
        return null;
    }

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to)) Directory.Delete(to, recursive: true);
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
