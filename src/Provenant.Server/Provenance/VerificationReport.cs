namespace Provenant.Server.Provenance;

/// <summary>The answer of <c>POST /api/v1/verify</c>: every check and the verdict.</summary>
/// <param name="Kind">The verifier that ran (registry name).</param>
/// <param name="Checks">Every check made, in order.</param>
public sealed record VerificationReport(string Kind, IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>True when at least one check ran and every check passed.</summary>
    public bool Valid => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The first failed check's name and detail, or a one-line summary when all passed.</summary>
    public string Summary => Checks.FirstOrDefault(c => !c.Passed) is { } f ? $"{f.Name}: {f.Detail}"
        : Checks.Count == 0 ? "no checks ran" : $"{Checks.Count} checks passed";
}
