namespace Provenant.Core;

/// <summary>
/// The outcome of every Provenant verifier: valid, or rejected with a one-line reason and the
/// individual findings (for example each changed, added or missing model file).
/// Verifiers return this rather than throwing on hostile input.
/// </summary>
public sealed record VerificationResult
{
    private VerificationResult(bool isValid, string reason, IReadOnlyList<string> findings)
    {
        IsValid = isValid;
        Reason = reason;
        Findings = findings;
    }

    /// <summary>True when everything verified.</summary>
    public bool IsValid { get; }

    /// <summary>One-line summary: what verified, or why it was rejected.</summary>
    public string Reason { get; }

    /// <summary>Detailed findings, one per line (empty when there is nothing to add).</summary>
    public IReadOnlyList<string> Findings { get; }

    /// <summary>A successful result.</summary>
    public static VerificationResult Valid(string summary) => new(true, summary, []);

    /// <summary>A rejection with a reason and optional findings.</summary>
    public static VerificationResult Rejected(string reason, IReadOnlyList<string>? findings = null) =>
        new(false, reason, findings ?? []);

    /// <inheritdoc />
    public override string ToString() =>
        (IsValid ? "valid: " : "rejected: ") + Reason +
        (Findings.Count == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, Findings.Select(f => "  " + f)));
}
