namespace Provenant.Ledger.Notes;

/// <summary>A trusted public key that verifies note signatures (c2sp.org/signed-note, "Signatures").</summary>
public interface INoteVerifier
{
    /// <summary>The key name a signature line must carry.</summary>
    string Name { get; }

    /// <summary>The 32-bit key ID a signature line must carry.</summary>
    uint KeyId { get; }

    /// <summary>True when <paramref name="signature"/> (the bytes after the key ID) is valid over <paramref name="text"/>. Never throws on malformed signatures.</summary>
    bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature);
}
