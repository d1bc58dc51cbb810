using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Provenant.Server.Provenance;

/// <summary>
/// The verifiers <c>POST /api/v1/verify</c> dispatches to by <c>kind</c>. Other components (proofs, claims, training
/// audits) register theirs with <see cref="Register"/> before the server starts.
/// </summary>
public sealed partial class VerifierRegistry
{
    private readonly ConcurrentDictionary<string, IArtifactVerifier> _verifiers = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="verifier"/>.</summary>
    /// <exception cref="ArgumentException">Its kind is not a lowercase name, or is already registered.</exception>
    public VerifierRegistry Register(IArtifactVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (!KindPattern().IsMatch(verifier.Kind)) throw new ArgumentException($"verifier kind '{verifier.Kind}' is not a lowercase name (a-z, 0-9, -)");
        if (!_verifiers.TryAdd(verifier.Kind, verifier)) throw new ArgumentException($"a verifier for '{verifier.Kind}' is already registered");
        return this;
    }

    /// <summary>The verifier for <paramref name="kind"/>, or null.</summary>
    public IArtifactVerifier? Find(string kind) => _verifiers.TryGetValue(kind, out var v) ? v : null;

    /// <summary>Every registered verifier, by kind.</summary>
    public IReadOnlyList<IArtifactVerifier> All => [.. _verifiers.Values.OrderBy(v => v.Kind, StringComparer.Ordinal)];

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex KindPattern();
}
