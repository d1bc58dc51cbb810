namespace Provenant.Ledger.Notes;

/// <summary>A key that signs note texts (c2sp.org/signed-note). Implementations never expose private key bytes.</summary>
public interface INoteSigner
{
    /// <summary>The key name written in signature lines.</summary>
    string Name { get; }

    /// <summary>The 32-bit key ID written in signature lines.</summary>
    uint KeyId { get; }

    /// <summary>Signs the note text (UTF-8, ending in a newline) and returns the signature line's value.</summary>
    NoteSignature Sign(ReadOnlySpan<byte> text);
}
