using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Inference.IO;
using Provenant.Inference.Tensors;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Verifier;
using Provenant.Proofs.Weights;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant verify-proof proof.bin --model-commitment C.json [--input x.json] --output y.json [--circuit-digest HEX]</c>:
/// checks an inference proof against the model's weight commitment without the weights (docs/proof-system.md): the
/// proof must verify, its output must equal y.json (the FLOAT tensor JSON <c>prove --output</c> writes, bit for bit after
/// dequantization), and with <c>--input</c> its quantized input must be the quantization of x.json. Exit 0 only if
/// valid; 1 with the reason otherwise.
/// </summary>
public sealed class VerifyProofCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var proofArg = new Argument<string>("PROOF") { Description = "Proof file (provenant prove)" };
        var commitment = new Option<string>("--model-commitment") { Description = "The model's weight commitment (provenant commit-weights)", Required = true };
        var input = new Option<string?>("--input") { Description = "The public input tensor JSON (checked against the proof's quantized input)" };
        var output = new Option<string>("--output") { Description = "The claimed output tensor JSON", Required = true };
        var circuit = new Option<string?>("--circuit-digest") { Description = "Require this circuit digest (hex), e.g. from the model's signed statement" };
        var cmd = new Command("verify-proof", "Verify an inference proof against a model's weight commitment") { proofArg, commitment, input, output, circuit };
        cmd.SetAction(r =>
        {
            var inv = CultureInfo.InvariantCulture;
            var proofPath = r.GetValue(proofArg)!;
            var bytes = BoundedFile.ReadAll(proofPath, "proof", ProofFile.MaxFileBytes);
            var commitmentPath = r.GetValue(commitment)!;
            var weights = WeightCommitment.Parse(BoundedFile.ReadAll(commitmentPath, "weight commitment", WeightCommitment.MaxFileBytes), commitmentPath);
            byte[]? expected = null;
            if (r.GetValue(circuit) is { } hex)
            {
                expected = Hex.TryDecode(hex, out var d) && d.Length == 32 ? d : throw new UsageException("--circuit-digest: expected 64 hex digits");
            }
            var clock = Stopwatch.StartNew();
            var outcome = ProofFileVerifier.Verify(bytes, weights, expected);
            var elapsed = clock.Elapsed;
            var reason = outcome.Result.IsValid ? CheckPublicValues(outcome, r.GetValue(input), r.GetValue(output)!) : outcome.Result.Reason;
            if (reason is not null)
            {
                console.Error.WriteLine($"INVALID: {reason}");
                return ExitCodes.VerificationFailed;
            }
            var s = outcome.Proof!.Statement;
            console.Out.WriteLine($"VALID: {outcome.Result.Reason}");
            console.Out.WriteLine($"model sha256: {Hex.Encode(s.ModelDigest)}");
            console.Out.WriteLine($"circuit digest: {Hex.Encode(s.CircuitDigest)}");
            console.Out.WriteLine($"weight commitment root: {weights.RootHex}");
            console.Out.WriteLine(r.GetValue(input) is null ? "input: the proof's own quantized input (no --input given)" : "input: matches --input");
            console.Out.WriteLine(string.Create(inv, $"verifier time: {elapsed.TotalMilliseconds:F1} ms"));
            return 0;
        });
        return cmd;
    }

    /// <summary>Null when the proof's input and output are the given ones, otherwise why not.</summary>
    private static string? CheckPublicValues(ProofFileVerifier.Outcome outcome, string? inputPath, string outputPath)
    {
        var circuit = outcome.Circuit!;
        var s = outcome.Proof!.Statement;
        var y = TensorJson.ReadNamed(BoundedFile.ReadAll(outputPath, "output JSON", TensorJson.MaxBytes), outputPath);
        if (!y.TryGetValue(circuit.OutputBoundary.Name, out var claimed) || claimed.DataType != TensorDataType.Float32)
            return $"{outputPath} has no FLOAT tensor '{circuit.OutputBoundary.Name}'";
        var proven = circuit.DequantizeOutput(s.Output);
        if (!claimed.Shape.SequenceEqual(s.OutputShape) || !claimed.AsSpan<float>().SequenceEqual(proven))
            return $"the proof is for another output than {outputPath}";
        if (inputPath is null) return null;
        var x = TensorJson.ReadNamed(BoundedFile.ReadAll(inputPath, "input JSON", TensorJson.MaxBytes), inputPath);
        if (!x.TryGetValue(circuit.InputBoundary.Name, out var given) || given.DataType != TensorDataType.Float32 || !given.Shape.SequenceEqual(s.InputShape))
            return $"{inputPath} has no FLOAT tensor '{circuit.InputBoundary.Name}' of shape [{string.Join(",", s.InputShape)}]";
        long[] quantized;
        try
        {
            quantized = circuit.QuantizeInput(given.AsSpan<float>());
        }
        catch (ArgumentException e)
        {
            return $"{inputPath}: {e.Message}";
        }
        return quantized.AsSpan().SequenceEqual(s.Input) ? null : $"the proof is for another input than {inputPath}";
    }
}
