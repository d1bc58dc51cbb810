namespace Provenant.Training.Audit;

/// <summary>One line of an audit report.</summary>
/// <param name="Name">What was checked (e.g. <c>commitment</c>, <c>batches</c>, <c>segment 17</c>).</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">The evidence or the reason it failed (names the file and field where one is at fault).</param>
public sealed record AuditCheck(string Name, bool Passed, string Detail);
