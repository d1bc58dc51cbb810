using Provenant.Core;

namespace Provenant.Signing.Oms;

/// <summary>Recomputes the tensor roots a statement records and compares them with the signed ones.</summary>
internal static class TensorRootCheck
{
    public static VerificationResult Check(IReadOnlyList<TensorRootEntry> signed, IReadOnlyList<ModelFile> files, ITensorRootCalculator? calculator, CancellationToken ct)
    {
        if (calculator is null)
        {
            return VerificationResult.Rejected($"the signature records {signed.Count} tensor root(s) but no tensor-root calculator was supplied to check them");
        }
        var byName = files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var findings = new List<string>();
        foreach (var s in signed)
        {
            if (!byName.TryGetValue(s.Name, out var file))
            {
                findings.Add($"{s.Name}: has a signed tensor root but is not a file of the model");
                continue;
            }
            var actual = calculator.Compute(file.FullPath, s.Name, ct);
            if (actual is null) findings.Add($"{s.Name}: has a signed tensor root but is not a weight file Provenant reads");
            else if (!s.SameCommitment(actual))
            {
                findings.Add($"{s.Name}: tensor root {actual.RootHex} ({actual.TensorCount} tensors, {actual.Algorithm}) differs from the signed {s.RootHex} ({s.TensorCount} tensors, {s.Algorithm})");
            }
        }
        return findings.Count == 0
            ? VerificationResult.Valid($"{signed.Count} tensor root(s) verified: " + string.Join(", ", signed.Select(s => $"{s.Name} ({s.TensorCount} tensors)")))
            : VerificationResult.Rejected("tensor roots do not match the model", findings);
    }
}
