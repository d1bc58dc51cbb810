using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Hashing;
using Provenant.Signing.Oms;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant digest MODEL_PATH [--json]</c>: print the OMS manifest (resource name, algorithm, digest).</summary>
public sealed class DigestCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL_PATH") { Description = "Model directory or file" };
        var json = new Option<bool>("--json") { Description = "Print JSON (the OMS in-toto statement) instead of a table" };
        var ser = new SerializationArgs();
        var cmd = new Command("digest", "Hash a model and print its OMS manifest") { model, json };
        ser.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var modelPath = r.GetValue(model)!;
            var options = ser.Read(r, modelPath);
            var plan = ModelHasher.PlanFor(modelPath, options);
            var manifest = ProgressDisplay.Run(console, "hashing", plan.TotalBytes, p => ModelHasher.Serialize(modelPath, plan, options, p));
            if (r.GetValue(json))
            {
                console.Out.WriteLine(Encoding.UTF8.GetString(OmsStatement.Serialize(manifest)));
                return 0;
            }
            var width = Math.Min(80, manifest.Resources.Select(x => x.Name.Length).DefaultIfEmpty(4).Max());
            foreach (var res in manifest.Resources)
            {
                console.Out.WriteLine($"{res.Name.PadRight(width)}  {res.Algorithm}  {res.DigestHex}");
            }
            console.Out.WriteLine($"subject {manifest.ModelName} sha256:{Hex.Encode(manifest.SubjectDigest())}");
            return 0;
        });
        return cmd;
    }
}
