using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Prover;
using Provenant.Proofs.Weights;
using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant prove MODEL.q.onnx --input x.json --weights-commitment C.json --out proof.bin [--output y.json]
/// [--statement proof.intoto.json [--model-statement model.sig]]</c>: runs the quantized model on the input, proves the inference (docs/proof-system.md)
/// against the model's weight commitment, writes the proof file, optionally the output tensor JSON and an in-toto
/// statement for the proof (subject = the output JSON's digest), and prints a line per layer, the prover time and the
/// proof size.
/// </summary>
public sealed class ProveCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "Quantized ONNX model (ai.provenant.quant v1)" };
        var input = new Option<string>("--input") { Description = "Input tensor JSON (one sample)", Required = true };
        var commitment = new Option<string>("--weights-commitment") { Description = "The model's weight commitment (provenant commit-weights)", Required = true };
        var output = new Option<string>("--out") { Description = "Proof file to write", Required = true };
        var outputJson = new Option<string?>("--output") { Description = "Also write the proven output as tensor JSON" };
        var statement = new Option<string?>("--statement") { Description = "Also write an in-toto statement for the proof (subject: the output JSON)" };
        var signedModel = new Option<string?>("--model-statement") { Description = "With --statement: the signed OMS statement (Sigstore bundle) of the model this quantized model was made from, named in the proof statement" };
        var cmd = new Command("prove", "Prove one inference of a quantized model against its weight commitment") { model, input, commitment, output, outputJson, statement, signedModel };
        cmd.SetAction((r, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            if (r.GetValue(signedModel) is not null && r.GetValue(statement) is null) throw new UsageException("--model-statement needs --statement");
            var signedModelRef = r.GetValue(signedModel) is { } bundlePath ? OmsSubject(bundlePath) : ((string, string)?)null;
            var modelPath = r.GetValue(model)!;
            var modelBytes = BoundedFile.ReadAll(modelPath, "model", new OnnxReadLimits().MaxFileBytes);
            var onnx = OnnxModelReader.Parse(modelBytes, modelPath);
            var graph = ModelGraph.FromOnnx(onnx, modelPath);
            var feeds = InferCommand.ReadInputs(graph, [r.GetValue(input)!]);
            if (feeds.Count != 1 || graph.Inputs.Count != 1) throw new UsageException("proofs cover models with one input");
            var x = feeds.Values.Single();
            if (x.DataType != TensorDataType.Float32) throw new UsageException($"the input must be FLOAT, got {TensorDataTypes.Name(x.DataType)}");
            var commitmentPath = r.GetValue(commitment)!;
            var trusted = WeightCommitment.Parse(BoundedFile.ReadAll(commitmentPath, "weight commitment", WeightCommitment.MaxFileBytes), commitmentPath);
            var clock = Stopwatch.StartNew();
            var circuit = CircuitCompiler.Compile(graph, [.. x.Shape]);
            var (weights, data) = WeightCommitment.Commit(graph, modelPath, trusted.Pcs.Profile);
            if (trusted.Circuit is { } bound)
            {
                if (!bound.Digest.AsSpan().SequenceEqual(circuit.Digest) || !bound.InputShape.AsSpan().SequenceEqual([.. x.Shape]))
                    throw new ProvenantException($"{commitmentPath} binds another circuit (digest {Hex.Encode(bound.Digest)} for input [{string.Join(",", bound.InputShape)}]) than {modelPath} on this input ({Hex.Encode(circuit.Digest)})", ExitCodes.VerificationFailed);
                weights = weights.WithCircuit(bound);
            }
            if (!weights.ToJsonBytes().AsSpan().SequenceEqual(trusted.ToJsonBytes()))
                throw new ProvenantException($"{commitmentPath} is not the weight commitment of {modelPath} (root {trusted.RootHex}, the model's is {weights.RootHex})", ExitCodes.VerificationFailed);
            var witness = circuit.Evaluate(circuit.QuantizeInput(x.AsSpan<float>()));
            console.Out.WriteLine(string.Create(inv, $"circuit: {circuit.Layers.Count} layers, {circuit.ParameterCount} parameters, {circuit.GateCount} gates, digest {Hex.Encode(circuit.Digest)}"));
            var progress = new SyncProgress<ProverProgress>(p =>
                console.Out.WriteLine(string.Create(inv, $"[{p.Done}/{p.Total}] {p.Step}  {p.Elapsed.TotalMilliseconds:F0} ms")));
            var proof = InferenceProver.Prove(witness, SHA256.HashData(modelBytes), weights, data, ModelSkeleton.Strip(onnx, weights.Layout), progress, ct);
            var bytes = ProofFile.ToBytes(proof);
            var elapsed = clock.Elapsed;
            var outPath = r.GetValue(output)!;
            AtomicFile.Write(outPath, bytes);
            var y = Tensor.FromArray(circuit.DequantizeOutput(witness.Output), [.. circuit.Tensors[circuit.Output].Shape]);
            var yJson = TensorJson.Write([new KeyValuePair<string, Tensor>(circuit.OutputBoundary.Name, y)]);
            if (r.GetValue(outputJson) is { } yPath) AtomicFile.Write(yPath, yJson);
            if (r.GetValue(statement) is { } statementPath) AtomicFile.Write(statementPath, ProofStatementJson.Build(proof, bytes, yJson, signedModelRef));
            console.Out.WriteLine(string.Create(inv, $"prover time: {elapsed.TotalMilliseconds:F0} ms"));
            console.Out.WriteLine(string.Create(inv, $"proof size: {bytes.Length} bytes"));
            console.Out.WriteLine($"proof: {outPath}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>The model name and OMS subject digest (hex) of a signed model statement (read, not verified: the statement's
    /// signer vouches for the pairing, and verifiers check the bundle where they use it).</summary>
    internal static (string Name, string Sha256Hex) OmsSubject(string bundlePath)
    {
        var bundle = SigstoreBundle.ReadFile(bundlePath);
        var oms = OmsStatement.Parse(bundle.Envelope.Payload, bundlePath, out var name);
        return (name, Hex.Encode(oms.SubjectDigest()));
    }

    /// <summary>Reports on the calling thread (the prover reports from its own thread between layers).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
