namespace Provenant.Ledger.Provenance;

/// <summary>A log entry found by digest or name.</summary>
/// <param name="Index">The entry's log index.</param>
/// <param name="Digest">The digest matched (<c>algorithm:hex</c>).</param>
/// <param name="Relation">How the entry names it.</param>
/// <param name="Name">The name the entry gives it.</param>
/// <param name="PredicateType">The entry's statement predicateType.</param>
public sealed record SubjectHit(ulong Index, string Digest, SubjectRelation Relation, string Name, string PredicateType);
