using System.CommandLine;
using Provenant.Core.IO;
using Provenant.Signing.Oms;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant sign MODEL_PATH --private-key key.pem [--signature model.sig] …</c>: OMS v1.0 signature.</summary>
public sealed class SignCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL_PATH") { Description = "Model directory or file" };
        var sig = new Option<string>("--signature") { Description = "Signature file to write (Sigstore bundle JSON)", DefaultValueFactory = _ => "model.sig" };
        var ser = new SerializationArgs();
        var signer = new SignerArgs();
        var tensorRoot = new Option<bool>("--tensor-root")
        {
            Description = "Also record a per-tensor Merkle root of each safetensors/GGUF file (predicate field " + OmsStatement.TensorRootsField + "), for prove-tensor/verify-tensor",
        };
        var logUrl = new Option<string?>("--log") { Description = "Record the signature in this transparency log (URL) and put the entry into the bundle's tlogEntries" };
        var tokenFile = new Option<string?>("--log-token-file") { Description = "File holding the log's write token (default: $PROVENANT_LOG_TOKEN)" };
        var logArgs = new LogArgs();
        var cmd = new Command("sign", "Sign a model (OpenSSF Model Signing v1.0: Sigstore bundle, DSSE, in-toto statement)") { model, sig, tensorRoot, logUrl, tokenFile };
        logArgs.AddTo(cmd);
        ser.AddTo(cmd);
        signer.AddTo(cmd);
        cmd.SetAction(async (r, ct) =>
        {
            var modelPath = r.GetValue(model)!;
            var sigPath = r.GetValue(sig)!;
            var bundleSigner = signer.Read(r);
            var options = ser.Read(r, modelPath, sigPath);
            var plan = ModelHasher.PlanFor(modelPath, options);
            var manifest = ProgressDisplay.Run(console, "hashing", plan.TotalBytes, p => ModelHasher.Serialize(modelPath, plan, options, p));
            if (r.GetValue(tensorRoot))
            {
                var calculator = new TensorRootCalculator();
                var roots = plan.Files.Select(f => calculator.Compute(f.FullPath, f.RelativePath)).OfType<TensorRootEntry>().ToList();
                if (roots.Count == 0) throw new Core.Errors.ProvenantException($"{modelPath}: --tensor-root: no safetensors or GGUF file in the model");
                manifest = manifest with { TensorRoots = roots };
                foreach (var t in roots) console.Out.WriteLine($"tensor root of '{t.Name}' ({t.Format}, {t.TensorCount} tensors): {t.RootHex}");
            }
            var bundle = bundleSigner.Sign(OmsStatement.Serialize(manifest));
            if (r.GetValue(logUrl) is { } url)
            {
                bundle = await LogRecording.RecordAsync(console, bundle, bundleSigner.PublicKeySpkiPem, url, r.GetValue(tokenFile), logArgs, r, ct);
            }
            AtomicFile.Write(sigPath, bundle.ToJsonBytes());
            console.Out.WriteLine($"signed {manifest.Resources.Count} resources ({plan.Files.Count} files, {plan.TotalBytes} bytes, {options.Method.ToString().ToLowerInvariant()}, {options.HashTypeName}) of '{manifest.ModelName}'");
            console.Out.WriteLine($"subject sha256: {Core.Hashing.Hex.Encode(manifest.SubjectDigest())}");
            console.Out.WriteLine($"signature: {sigPath}");
            return 0;
        });
        return cmd;
    }
}
