namespace Provenant.Signing.InToto;

/// <summary>in-toto Attestation Framework Statement v1 constants (in-toto/attestation spec/v1/statement.md).</summary>
public static class InTotoStatement
{
    /// <summary>The <c>_type</c> of a v1 statement.</summary>
    public const string TypeV1 = "https://in-toto.io/Statement/v1";

    /// <summary>Largest statement accepted (32 MiB).</summary>
    public const int MaxBytes = 32 << 20;
}
