using Provenant.Core;

namespace Provenant.Signing.Oms;

/// <summary>The outcome of verifying a model against its OMS signature.</summary>
/// <param name="Result">Valid, or rejected with the reason and per-file findings.</param>
/// <param name="SignedManifest">The manifest the signature records (null when the signature did not authenticate).</param>
/// <param name="Notes">What was checked and any caveats (e.g. keyless parts not verified).</param>
public sealed record ModelVerification(VerificationResult Result, OmsManifest? SignedManifest, IReadOnlyList<string> Notes);
