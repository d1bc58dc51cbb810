using System.CommandLine;
using Provenant.Signing.Keys;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant keygen --out key.pem [--curve p256|p384|p521]</c>: an ECDSA key pair; private key mode 0600, public key beside it.</summary>
public sealed class KeygenCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var outOpt = new Option<string>("--out") { Description = "Private key file (PKCS#8 PEM, written with mode 0600)", Required = true };
        var curveOpt = new Option<string>("--curve") { Description = "p256 (default), p384 or p521", DefaultValueFactory = _ => "p256" };
        var pubOpt = new Option<string?>("--public-out") { Description = "Public key file (default: KEY.pub.pem beside the private key)" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var cmd = new Command("keygen", "Generate an ECDSA signing key pair") { outOpt, curveOpt, pubOpt, force };
        cmd.SetAction(r =>
        {
            var curveName = r.GetValue(curveOpt);
            if (!EcCurves.TryParse(curveName, out var curve)) throw new UsageException($"--curve: unsupported curve '{curveName}': expected p256, p384 or p521");
            var path = r.GetValue(outOpt)!;
            var pub = r.GetValue(pubOpt) ?? EcKeys.PublicPathFor(path);
            if (!r.GetValue(force) && (File.Exists(path) || File.Exists(pub)))
            {
                throw new Core.Errors.ProvenantException($"{(File.Exists(path) ? path : pub)}: already exists (use --force to overwrite)", Core.Errors.ExitCodes.OutputError);
            }
            using var key = EcKeys.Generate(curve);
            EcKeys.Save(key, path, pub);
            console.Out.WriteLine($"private key: {path} (mode 0600, {curve})");
            console.Out.WriteLine($"public key:  {pub}");
            console.Out.WriteLine($"key hint:    {PublicKeyPem.Hint(key)}");
            return 0;
        });
        return cmd;
    }
}
