namespace Provenant.Training.Audit;

/// <summary>Parameters of a sampled training audit.</summary>
/// <param name="SampleFraction">Fraction of segments chosen by Fiat–Shamir from the log root, in [0, 1] (default 0.05).</param>
/// <param name="TopQ">Additionally re-execute the Q segments with the largest logged update norms (default 2).</param>
/// <param name="MaxFlops">Fail when the recomputed total FLOPs exceed this (null: no threshold).</param>
/// <param name="ForgedFraction">The forged fraction the escape probability is reported for (default 0.1).</param>
/// <param name="DataPath">Where the committed dataset lies (default: the commitment's sourcePath).</param>
/// <param name="Threads">Worker threads for re-execution (results do not depend on it).</param>
public sealed record AuditOptions(double SampleFraction = 0.05, int TopQ = 2, double? MaxFlops = null, double ForgedFraction = 0.1,
    string? DataPath = null, int Threads = 1);
