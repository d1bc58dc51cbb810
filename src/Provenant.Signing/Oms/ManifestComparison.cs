using Provenant.Core.IO;
using Provenant.Core;

namespace Provenant.Signing.Oms;

/// <summary>
/// Compares the manifest a signature records with the one computed from the local model and names
/// every difference per file: <c>changed</c>, <c>added</c> (on disk, not signed), <c>missing</c>
/// (signed, not on disk) and <c>renamed</c> (same content under another name).
/// </summary>
public static class ManifestComparison
{
    /// <summary>Compares <paramref name="signed"/> with <paramref name="actual"/>.</summary>
    public static VerificationResult Compare(OmsManifest signed, OmsManifest actual)
    {
        var expected = Group(signed);
        var found = Group(actual);
        var changed = new List<string>();
        var missing = new List<string>();
        var added = new List<string>();
        foreach (var (path, shards) in expected)
        {
            if (!found.TryGetValue(path, out var other)) { missing.Add(path); continue; }
            if (!SameContent(shards, other)) changed.Add(path);
        }
        foreach (var path in found.Keys) if (!expected.ContainsKey(path)) added.Add(path);

        var renamed = new List<string>();
        foreach (var m in missing.ToList())
        {
            var match = added.FirstOrDefault(a => SameDigests(expected[m], found[a]));
            if (match is null) continue;
            renamed.Add($"renamed: {m} -> {match}");
            missing.Remove(m);
            added.Remove(match);
        }
        var findings = changed.Select(p => $"changed: {p}")
            .Concat(missing.Select(p => $"missing: {p}"))
            .Concat(added.Select(p => $"added: {p}"))
            .Concat(renamed)
            .ToList();
        if (findings.Count == 0)
        {
            return VerificationResult.Valid($"{signed.Resources.Count} resources match");
        }
        var summary = string.Join(", ", new[] { (changed.Count, "changed"), (missing.Count, "missing"), (added.Count, "added"), (renamed.Count, "renamed") }
            .Where(t => t.Item1 > 0).Select(t => $"{t.Item1} {t.Item2}"));
        var first = findings[0];
        return VerificationResult.Rejected($"model does not match its signature ({summary}); first: {first}", findings);
    }

    private static SortedDictionary<string, List<ManifestResource>> Group(OmsManifest m)
    {
        var d = new SortedDictionary<string, List<ManifestResource>>(PosixPathOrder.Instance);
        foreach (var r in m.Resources)
        {
            var p = r.Path;
            if (!d.TryGetValue(p, out var list)) d[p] = list = [];
            list.Add(r);
        }
        return d;
    }

    private static bool SameContent(List<ManifestResource> a, List<ManifestResource> b) =>
        a.Count == b.Count && a.Zip(b).All(t => t.First.Equals(t.Second));

    private static bool SameDigests(List<ManifestResource> a, List<ManifestResource> b) =>
        a.Count == b.Count && a.Zip(b).All(t => t.First.Digest.AsSpan().SequenceEqual(t.Second.Digest) && t.First.Algorithm == t.Second.Algorithm);
}
