namespace Provenant.Ledger.Witness;

/// <summary>A volatile <see cref="IWitnessStore"/> for tests and in-process witnesses; state is lost when the process ends.</summary>
public sealed class InMemoryWitnessStore : IWitnessStore
{
    private readonly Dictionary<string, WitnessState> _states = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public WitnessState? Get(string origin)
    {
        lock (_lock) return _states.GetValueOrDefault(origin);
    }

    /// <inheritdoc />
    public bool CompareAndSwap(ulong expectedOldSize, WitnessState next, out ulong currentSize)
    {
        WitnessStateRules.Check(expectedOldSize, next);
        lock (_lock)
        {
            currentSize = _states.TryGetValue(next.Origin, out var s) ? s.TreeSize : 0;
            if (currentSize != expectedOldSize) return false;
            _states[next.Origin] = next with { RootHash = (byte[])next.RootHash.Clone() };
            return true;
        }
    }
}
