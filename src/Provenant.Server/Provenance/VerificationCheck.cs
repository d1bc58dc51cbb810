namespace Provenant.Server.Provenance;

/// <summary>One check a verifier made, as the API reports it.</summary>
/// <param name="Name">What was checked, e.g. <c>dsse.signature</c>, <c>log.inclusion</c>, <c>claimSignature.validated</c>.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">What was found (the reason when it failed).</param>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);
