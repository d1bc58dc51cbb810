using Provenant.Core.Merkle;

namespace Provenant.Training.Audit;

/// <summary>
/// Subtree hashes of an RFC 9162 tree over a list of leaf hashes, with every full, aligned power-of-two subtree
/// precomputed once (O(n) hashing), so each inclusion proof costs O(log n) lookups instead of O(n) hashing.
/// </summary>
internal sealed class LeafLevels : IMerkleHashSource
{
    private readonly List<byte[][]> _levels = [];

    public LeafLevels(IReadOnlyList<byte[]> leafHashes)
    {
        _levels.Add([.. leafHashes]);
        while (_levels[^1].Length > 1)
        {
            var below = _levels[^1];
            var level = new byte[below.Length / 2][];
            for (var i = 0; i < level.Length; i++) level[i] = Rfc9162.HashChildren(below[2 * i], below[2 * i + 1]);
            _levels.Add(level);
        }
    }

    public ulong Size => (ulong)_levels[0].Length;

    public byte[] SubtreeHash(ulong start, ulong end)
    {
        var size = end - start;
        if (size == 0) return Rfc9162.EmptyRoot();
        if ((size & (size - 1)) == 0 && start % size == 0)
        {
            var k = System.Numerics.BitOperations.Log2(size);
            var i = start / size;
            if (k < _levels.Count && i < (ulong)_levels[k].Length) return _levels[k][i];
        }
        var split = Rfc9162.LargestPowerOfTwoBelow(size);
        return Rfc9162.HashChildren(SubtreeHash(start, start + split), SubtreeHash(start + split, end));
    }
}
