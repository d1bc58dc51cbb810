using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Inference.Graph;
using Provenant.Proofs.Weights;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant commit-weights MODEL.q.onnx --out weights.commitment.json</c>: lays out the int8 weights and int32
/// biases of every QGemm/QConv of a quantized model in one multilinear polynomial and commits to it with the Ligero
/// PCS (docs/proof-system-pcs.md). Writes the commitment (layout, layout digest, root, variable count) as canonical
/// JSON, the object that goes in the model's signed statement, and prints the root and the time taken.
/// <c>--pcs-profile conjectured</c> (default: ρ = 1/8, 28 queries, 18-bit proof of work, 102 bits of conjectured
/// security) or <c>provable</c> (ρ = 1/4, 148 queries, 100.35 bits provable in the unique-decoding regime).
/// </summary>
public sealed class CommitWeightsCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "Quantized ONNX model (ai.provenant.quant v1, from provenant quantize)" };
        var output = new Option<string>("--out") { Description = "Commitment file to write (canonical JSON)", Required = true };
        var profile = new Option<string>("--pcs-profile")
        {
            Description = "PCS security parameters: conjectured (default; rho 1/8, 28 queries, 18-bit proof of work) or provable (rho 1/4, 148 queries)",
            DefaultValueFactory = _ => "conjectured",
        };
        profile.AcceptOnlyFromAmong("conjectured", "provable");
        var cmd = new Command("commit-weights", "Commit to a quantized model's integer weights (multilinear PCS root for inference proofs)") { model, output, profile };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(model)!;
            var graph = ModelGraph.Load(path);
            var sw = Stopwatch.StartNew();
            var pcsProfile = r.GetValue(profile) == "provable" ? Proofs.Commitment.PcsSecurityProfile.Provable : Proofs.Commitment.PcsSecurityProfile.Conjectured;
            var (commitment, _) = WeightCommitment.Commit(graph, path, pcsProfile);
            // Bind the architecture: the circuit digest at the declared input shape (unknown dimensions as 1).
            string circuitLine;
            try
            {
                if (graph.Inputs.Count != 1 || graph.Inputs[0].Shape is not { } declared) throw new UnsupportedFeatureException("the model has no single input of known rank");
                int[] shape = [.. declared.Select(d => d ?? 1)];
                var circuit = Proofs.Circuit.CircuitCompiler.Compile(graph, shape);
                commitment = commitment.WithCircuit(new CircuitBinding(circuit.Digest, shape));
                circuitLine = $"circuit: digest {Core.Hashing.Hex.Encode(circuit.Digest)} for input [{string.Join(",", shape)}] (proofs of another architecture are refused)";
            }
            catch (UnsupportedFeatureException e)
            {
                circuitLine = $"circuit: not bound ({e.Message}); verifiers should pin --circuit-digest";
            }
            var elapsed = sw.Elapsed;
            var outPath = r.GetValue(output)!;
            AtomicFile.Write(outPath, commitment.ToJsonBytes());
            var inv = CultureInfo.InvariantCulture;
            console.Out.WriteLine(string.Create(inv, $"committed {commitment.Layout.Slots.Count} tensors, {commitment.Layout.Slots.Sum(s => s.ElementCount)} parameters in 2^{commitment.VariableCount} slots ({commitment.Pcs.Parameters.Scheme}, {commitment.Pcs.Parameters.SecurityBits():F2} bits {commitment.Pcs.Profile.ToString().ToLowerInvariant()})"));
            console.Out.WriteLine($"root: {commitment.RootHex}");
            console.Out.WriteLine("layout digest: sha256:" + Core.Hashing.Hex.Encode(commitment.LayoutDigest));
            console.Out.WriteLine(circuitLine);
            console.Out.WriteLine(string.Create(inv, $"time: {elapsed.TotalMilliseconds:F0} ms"));
            console.Out.WriteLine($"commitment: {outPath}");
            return 0;
        });
        return cmd;
    }
}
