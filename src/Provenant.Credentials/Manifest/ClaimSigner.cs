using System.Security.Cryptography;

namespace Provenant.Credentials.Manifest;

/// <summary>The claim signer: an ECDSA private key and its certificate chain (DER, signer first, trust anchor left out),
/// which goes into the COSE <c>x5chain</c> header (C2PA 2.x §13.2).</summary>
/// <param name="Key">The private key (P-256 → ES256, P-384 → ES384, P-521 → ES512).</param>
/// <param name="X5Chain">DER certificates, signer first.</param>
public sealed record ClaimSigner(ECDsa Key, IReadOnlyList<byte[]> X5Chain);
