namespace Provenant.Proofs.Disputes;

/// <summary>Parses a claim statement (a DSSE payload) strictly; throws <see cref="Core.Errors.ProvenantFormatException"/> on anything else.</summary>
/// <typeparam name="T">The claim type.</typeparam>
/// <param name="bytes">The statement bytes.</param>
/// <param name="source">Names the statement in messages.</param>
public delegate T ParseStatement<out T>(ReadOnlySpan<byte> bytes, string source);
