namespace Provenant.Ledger.Provenance;

/// <summary>
/// A file kept beside the log that is not itself a log entry (a C2PA-credentialed output, a trace), content-addressed
/// by its SHA-256 and linked to the digests it is about.
/// </summary>
/// <param name="Digest">Lowercase <c>sha256:hex</c> of <paramref name="Data"/>.</param>
/// <param name="Kind">What it is, as the verifier registry names it (e.g. <c>c2pa</c>).</param>
/// <param name="Name">A file name for display (at most 512 characters; never used as a path).</param>
/// <param name="MediaType">Its media type, e.g. <c>image/png</c>.</param>
/// <param name="Data">The bytes.</param>
public sealed record Attachment(string Digest, string Kind, string Name, string MediaType, byte[] Data);
