namespace Provenant.Ledger.Provenance;

/// <summary>How a log entry's statement names a digest (stored as a small integer).</summary>
public enum SubjectRelation
{
    /// <summary>The digest is one of the statement's in-toto <c>subject</c>s: the statement is about it.</summary>
    Subject = 0,

    /// <summary>The digest appears in the statement's predicate (a dataset a training run used, the model an inference
    /// claim ran): the statement refers to it.</summary>
    Reference = 1,
}
