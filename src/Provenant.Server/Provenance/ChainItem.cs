namespace Provenant.Server.Provenance;

/// <summary>One artifact in a chain link: a log entry (<see cref="Index"/>) or an attachment (<see cref="Attachment"/>).</summary>
/// <param name="Index">The log index, or null for an attachment.</param>
/// <param name="Attachment">The attachment's <c>sha256:hex</c>, or null for a log entry.</param>
/// <param name="Name">The name the artifact gives (subject name, file name).</param>
/// <param name="Digest">The digest that linked it.</param>
/// <param name="Type">The statement's predicateType, or the attachment kind.</param>
/// <param name="Checks">Every check the server made on it.</param>
public sealed record ChainItem(ulong? Index, string? Attachment, string Name, string Digest, string Type, IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool Verified => Checks.Count > 0 && Checks.All(c => c.Passed);
}
