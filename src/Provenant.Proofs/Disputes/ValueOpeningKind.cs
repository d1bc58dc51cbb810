namespace Provenant.Proofs.Disputes;

/// <summary>Where an opened value comes from, hence what it is checked against (docs/disputes.md §Openings).</summary>
public enum ValueOpeningKind
{
    /// <summary>Output of an earlier node: its trace entry, an RFC 9162 inclusion proof against the trace root, the tensor.</summary>
    Activation,

    /// <summary>A model initializer: a tensor proof against the claim's tensor root, and the tensor.</summary>
    Weight,

    /// <summary>Format 3: an export of a segment: every export of that segment, and the audit path of the segment's leaf (recomputed from them) under the claim's trace root.</summary>
    Export,

    /// <summary>A graph input: every graph input (name and tensor), checked against the claim's input digest.</summary>
    Input,
}
