using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant prove-tensor MODEL NAME [--out proof.json]</c>: a Merkle inclusion proof that tensor NAME
/// (name, dtype, shape, length, SHA-256 of its data) belongs to the weight file's per-tensor commitment.</summary>
public sealed class ProveTensorCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "Weight file (.safetensors, .gguf)" };
        var name = new Argument<string>("NAME") { Description = "Tensor name" };
        var outOpt = new Option<string?>("--out") { Description = "Proof file to write (default: print to stdout)" };
        var cmd = new Command("prove-tensor", "Prove that one tensor belongs to a weight file's tensor root") { model, name, outOpt };
        cmd.SetAction(r =>
        {
            var tensorName = r.GetValue(name)!;
            using var source = TensorFormatList.Open(r.GetValue(model)!);
            if (source.Tensors.All(t => t.Name != tensorName))
            {
                var some = string.Join(", ", source.Tensors.Take(5).Select(t => $"\"{t.Name}\""));
                throw new ProvenantException($"{source.Path}: no tensor named \"{tensorName}\" ({source.Tensors.Count} tensors{(some.Length > 0 ? ": " + some + (source.Tensors.Count > 5 ? ", …" : "") : "")})");
            }
            var proof = TensorCommitter.Prove(source, tensorName);
            ProofOutput.WriteOrPrint(console, proof.ToBytes(), r.GetValue(outOpt),
                $"tensor \"{proof.Name}\" ({proof.DType} {proof.ShapeText}) is leaf {proof.Index} of {proof.TensorCount}; root {Core.Hashing.Hex.Encode(proof.TensorRoot)}; proof");
            return 0;
        });
        return cmd;
    }
}
