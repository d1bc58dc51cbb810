namespace Provenant.Signing;

/// <summary>DSSE, in-toto, Sigstore bundle and OMS v1.0 model signing.</summary>
public static class SigningAssembly
{
}
