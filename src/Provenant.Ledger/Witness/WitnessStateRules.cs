using Provenant.Core.Merkle;

namespace Provenant.Ledger.Witness;

/// <summary>Argument checks shared by the <see cref="IWitnessStore"/> implementations.</summary>
internal static class WitnessStateRules
{
    public static void Check(ulong expectedOldSize, WitnessState next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (string.IsNullOrEmpty(next.Origin)) throw new ArgumentException("the origin is empty", nameof(next));
        if (next.TreeSize < expectedOldSize) throw new ArgumentException($"the new size {next.TreeSize} is below the expected old size {expectedOldSize}", nameof(next));
        if (next.RootHash is not { Length: Rfc9162.HashSize }) throw new ArgumentException("the root hash must be 32 bytes", nameof(next));
    }
}
