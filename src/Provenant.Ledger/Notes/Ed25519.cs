using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Provenant.Ledger.Notes;

/// <summary>RFC 8032 Ed25519 (pure) signing and verification over BouncyCastle's implementation.</summary>
internal static class Ed25519
{
    public const int SeedSize = 32, PublicKeySize = 32, SignatureSize = 64;

    public static byte[] PublicKeyFromSeed(ReadOnlySpan<byte> seed) =>
        new Ed25519PrivateKeyParameters(seed.ToArray(), 0).GeneratePublicKey().GetEncoded();

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(seed.ToArray(), 0));
        var m = message.ToArray();
        signer.BlockUpdate(m, 0, m.Length);
        return signer.GenerateSignature();
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize) return false;
        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(publicKey.ToArray(), 0));
            var m = message.ToArray();
            verifier.BlockUpdate(m, 0, m.Length);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
