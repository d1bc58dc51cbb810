using System.Collections.Concurrent;
using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Ledger.Entries;
using Provenant.Signing.Keys;

namespace Provenant.Server.Log;

/// <summary>
/// Submitters' public keys parsed from PEM, kept so that a signer submitting many entries pays for the SPKI import
/// and point validation (≈ 90 µs, more than the ECDSA verification itself) once. Bounded: at most
/// <see cref="Capacity"/> keys; when full it is emptied (dropped keys are not disposed while a request may still use
/// them; the garbage collector releases them). Keys are only used to verify, which is safe from several threads.
/// </summary>
internal sealed class SubmitterKeyCache
{
    /// <summary>Most keys held.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, (ECDsa Key, EntryVerifier Verifier, string Hint)> _keys = new(StringComparer.Ordinal);

    /// <summary>The key, its log-entry verifier and its key hint for a PEM SubjectPublicKeyInfo.</summary>
    /// <exception cref="ProvenantException">The PEM is not an EC public key of a supported curve.</exception>
    public (ECDsa Key, EntryVerifier Verifier, string Hint) Get(string pem)
    {
        if (_keys.TryGetValue(pem, out var hit)) return hit;
        var key = EcKeys.FromSpkiPem(pem, "request.publicKey");
        EntryVerifier verifier;
        try { verifier = EntryVerifier.FromPublicKey(key); }
        catch (ArgumentException e) { key.Dispose(); throw new ProvenantException(e.Message); }
        if (_keys.Count >= Capacity) _keys.Clear();
        return _keys.GetOrAdd(pem, (key, verifier, PublicKeyPem.Hint(key)));
    }
}
