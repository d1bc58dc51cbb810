using System.CommandLine;
using Provenant.Signing.Certificates;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>Verifier trust options: <c>--public-key</c> or <c>--certificate-chain</c> (trust anchors).</summary>
internal sealed class TrustArgs
{
    private readonly Option<string?> _publicKey = new("--public-key") { Description = "The signer's public key (PEM)" };
    private readonly Option<string[]> _chain = new("--certificate-chain") { Description = "Trusted CA certificate(s) (PEM) for certificate-mode signatures", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _noKeyless = new("--reject-keyless") { Description = "Reject Sigstore keyless signatures (whose Fulcio chain and Rekor entry Provenant does not check)" };

    public void AddTo(Command c)
    {
        c.Add(_publicKey);
        c.Add(_chain);
        c.Add(_noKeyless);
    }

    public TrustMaterial Read(ParseResult r)
    {
        var pk = r.GetValue(_publicKey);
        var chain = r.GetValue(_chain) ?? [];
        if (pk is not null && chain.Length > 0) throw new UsageException("give either --public-key or --certificate-chain, not both");
        return new TrustMaterial
        {
            PublicKey = pk is null ? null : EcKeys.LoadPublic(pk),
            TrustAnchors = chain.SelectMany(p => CertificateFiles.LoadAll(p, "trust anchor")).ToList(),
            AcceptKeylessUnverifiedIdentity = !r.GetValue(_noKeyless),
        };
    }
}
