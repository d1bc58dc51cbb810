namespace Provenant.Ledger.Provenance;

/// <summary>One digest a logged statement names, as indexed.</summary>
/// <param name="Digest">Lowercase <c>algorithm:hex</c>, e.g. <c>sha256:9f86…</c> (at most <see cref="MaxDigestLength"/> characters).</param>
/// <param name="Relation">Subject of the statement, or referenced from its predicate.</param>
/// <param name="Name">The subject's name in the statement (model directory, dataset name), or the predicate field that
/// referenced it; at most <see cref="MaxNameLength"/> characters.</param>
/// <exception cref="ArgumentException"><paramref name="Digest"/> is not normalized (<see cref="DigestKey.IsNormalized"/>).</exception>
public sealed record SubjectLink(string Digest, SubjectRelation Relation, string Name)
{
    /// <summary>Lowercase <c>algorithm:hex</c> (checked on construction, so every stored link has a <see cref="DigestKey"/>).</summary>
    public string Digest { get; } = DigestKey.IsNormalized(Digest) ? Digest : throw DigestKey.NotNormalized(Digest, nameof(Digest));

    /// <summary>Longest indexed digest string.</summary>
    public const int MaxDigestLength = 200;

    /// <summary>Longest indexed name.</summary>
    public const int MaxNameLength = 512;
}
