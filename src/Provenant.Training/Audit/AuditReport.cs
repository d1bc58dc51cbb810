namespace Provenant.Training.Audit;

/// <summary>The outcome of <c>TrainingAuditor.Audit</c>.</summary>
public sealed record AuditReport
{
    /// <summary>Every check in the order run; the audit stops adding checks after a failure that leaves nothing to compare against.</summary>
    public required IReadOnlyList<AuditCheck> Checks { get; init; }

    /// <summary>Segments chosen by Fiat–Shamir from the log root, ascending.</summary>
    public IReadOnlyList<int> SampledSegments { get; init; } = [];

    /// <summary>Segments added for their large update norms (not already sampled).</summary>
    public IReadOnlyList<int> TopSegments { get; init; } = [];

    /// <summary>Segments in the log.</summary>
    public int SegmentCount { get; init; }

    /// <summary>Steps in the log.</summary>
    public long TotalSteps { get; init; }

    /// <summary>Steps re-executed.</summary>
    public long StepsReExecuted { get; init; }

    /// <summary>Recomputed FLOPs of the whole run.</summary>
    public long TotalFlops { get; init; }

    /// <summary>The forged fraction <see cref="EscapeProbability"/> refers to.</summary>
    public double ForgedFraction { get; init; }

    /// <summary>P(a run with <see cref="ForgedFraction"/> of its segments forged escapes the Fiat–Shamir sample).</summary>
    public double EscapeProbability { get; init; } = 1;

    /// <summary>Wall time of each phase run, in order (the dataset phase only when the audit read the data itself).</summary>
    public IReadOnlyList<AuditPhase> Phases { get; init; } = [];

    /// <summary>The log root, hex (empty when the log could not be read).</summary>
    public string LogRoot { get; init; } = "";

    /// <summary>Fraction of the steps re-executed.</summary>
    public double FractionReExecuted => TotalSteps == 0 ? 0 : (double)StepsReExecuted / TotalSteps;

    /// <summary>True only when every check passed and at least one segment was re-executed: missing evidence never passes.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed) && StepsReExecuted > 0 && Checks.Any(c => c.Name == "final model");
}
