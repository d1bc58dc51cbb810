using Provenant.Core;
using Provenant.Signing.Dsse;

namespace Provenant.Signing.Sigstore;

/// <summary>The outcome of checking a bundle's signature: the result, and on success the authenticated
/// envelope (whose payload may now be parsed) plus notes on what was not checked.</summary>
/// <param name="Result">Valid or rejected with the reason.</param>
/// <param name="Envelope">The authenticated envelope (null when rejected).</param>
/// <param name="Notes">Caveats, e.g. parts of a keyless bundle that were not verified.</param>
public sealed record BundleVerification(VerificationResult Result, DsseEnvelope? Envelope, IReadOnlyList<string> Notes);
