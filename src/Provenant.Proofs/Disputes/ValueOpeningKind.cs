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

    /// <summary>Chunked format 3: the rows of one chunk of a node output of the disputed segment, with the whole output's dtype and dims and the chunk leaf's audit path under the segment's fine root.</summary>
    Chunk,

    /// <summary>Chunked format 3: a whole node output of the disputed segment, and the audit path of the root over its chunk leaves among the segment's slot roots.</summary>
    Slot,
}
