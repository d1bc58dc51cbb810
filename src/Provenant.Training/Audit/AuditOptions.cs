namespace Provenant.Training.Audit;

/// <summary>Parameters of a sampled training audit.</summary>
/// <param name="SampleFraction">Fraction of segments chosen by Fiat–Shamir from the log root, in [0, 1] (default 0.05).</param>
/// <param name="TopQ">Additionally re-execute the Q segments with the largest logged update norms (default 2).</param>
/// <param name="MaxFlops">Fail when the recomputed total FLOPs exceed this (null: no threshold).</param>
/// <param name="ForgedFraction">The forged fraction the escape probability is reported for (default 0.1).</param>
/// <param name="DataPath">Where the committed dataset lies (default: the commitment's sourcePath).</param>
/// <param name="Threads">Worker threads for re-execution (results do not depend on it).</param>
/// <param name="Detection">When set, in (0, 1): sample the fewest segments for which a run with <paramref name="ForgedFraction"/>
/// of its segments forged is caught with at least this probability (<see cref="EscapeProbability.SampleSizeFor"/>),
/// instead of <paramref name="SampleFraction"/>.</param>
/// <param name="InclusionProofs">Also generate and verify an RFC 9162 inclusion proof for every distinct record used. The
/// auditor recomputes the records root from the data it holds, so record i is leaf i and the index check alone is
/// complete; the proofs are for handing to a party that does not hold the data.</param>
public sealed record AuditOptions(double SampleFraction = 0.05, int TopQ = 2, double? MaxFlops = null, double ForgedFraction = 0.1,
    string? DataPath = null, int Threads = 1, double? Detection = null, bool InclusionProofs = false);
