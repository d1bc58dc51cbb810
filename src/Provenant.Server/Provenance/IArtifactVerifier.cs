using System.Text.Json;

namespace Provenant.Server.Provenance;

/// <summary>
/// A verifier for one kind of artifact, plugged into <see cref="VerifierRegistry"/> and reached through
/// <c>POST /api/v1/verify</c> with <c>{"kind": Kind, …}</c>. Implementations must not throw on hostile input: a
/// malformed artifact is a failed check naming the field and what was expected.
/// </summary>
public interface IArtifactVerifier
{
    /// <summary>The registry name, e.g. <c>bundle</c>, <c>statement</c>, <c>c2pa</c> (lowercase letters, digits, <c>-</c>).</summary>
    string Kind { get; }

    /// <summary>One line for the OpenAPI description and <c>GET /api/v1/verifiers</c>: which request fields it reads.</summary>
    string Description { get; }

    /// <summary>Verifies the artifact described by <paramref name="request"/> (the whole request object).</summary>
    VerificationReport Verify(JsonElement request, CancellationToken cancellationToken);
}
