namespace Provenant.Credentials.Validation;

/// <summary>One validation result, named with the C2PA 2.x §15 status codes (e.g. <c>claimSignature.validated</c>,
/// <c>assertion.dataHash.mismatch</c>, <c>signingCredential.untrusted</c>).</summary>
/// <param name="Code">The status code.</param>
/// <param name="Passed">True for success codes, false for failure codes.</param>
/// <param name="Explanation">What was checked and what was found.</param>
/// <param name="Url">The JUMBF URI of the box concerned, if any.</param>
public sealed record StatusCheck(string Code, bool Passed, string Explanation, string? Url = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Passed ? "ok  " : "FAIL")} {Code}: {Explanation}";
}
