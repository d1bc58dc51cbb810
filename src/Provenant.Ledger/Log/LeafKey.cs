namespace Provenant.Ledger.Log;

/// <summary>
/// An RFC 9162 leaf hash as a dictionary key: its 32 bytes as four integers (no string per entry). Used for the
/// sequencer's pending entries and for the SQLite store's leaves not yet in its leaf-hash index.
/// </summary>
internal readonly record struct LeafKey(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The key of a 32-byte leaf hash.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The hash is shorter than 32 bytes.</exception>
    public static LeafKey Of(ReadOnlySpan<byte> leaf)
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(leaf[..32]);
        return new LeafKey(words[0], words[1], words[2], words[3]);
    }

    // HashCode is seeded per process, so submitters cannot grind entries into one bucket.
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(A, B, C, D);
}
