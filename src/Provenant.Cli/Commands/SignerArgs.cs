using System.CommandLine;
using Provenant.Signing.Certificates;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>Signer options: <c>--private-key</c>, optional <c>--signing-certificate</c> and <c>--certificate-chain</c>.</summary>
internal sealed class SignerArgs
{
    private readonly Option<string> _key = new("--private-key") { Description = "EC private key (PEM, P-256/P-384/P-521)", Required = true };
    private readonly Option<string?> _cert = new("--signing-certificate") { Description = "Signing certificate (PEM) holding the key's public half: certificate mode" };
    private readonly Option<string[]> _chain = new("--certificate-chain") { Description = "Intermediate/root certificates (PEM) to include after the signing certificate", AllowMultipleArgumentsPerToken = true };

    public void AddTo(Command c)
    {
        c.Add(_key);
        c.Add(_cert);
        c.Add(_chain);
    }

    public BundleSigner Read(ParseResult r)
    {
        var key = EcKeys.LoadPrivate(r.GetValue(_key)!);
        var certPath = r.GetValue(_cert);
        var chainPaths = r.GetValue(_chain) ?? [];
        if (certPath is null && chainPaths.Length > 0) throw new UsageException("--certificate-chain needs --signing-certificate");
        if (certPath is null) return new BundleSigner(key);
        var chain = CertificateFiles.LoadAll(certPath, "signing certificate").Take(1)
            .Concat(chainPaths.SelectMany(p => CertificateFiles.LoadAll(p, "certificate chain"))).ToList();
        return new BundleSigner(key, chain);
    }
}
