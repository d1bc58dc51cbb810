using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>
/// Streaming RFC 9162 §2.1.1 root over leaf hashes appended in order, in O(log n) memory: a compact range of
/// perfect subtree roots whose sizes are the binary digits of the count, merged as leaves arrive. The root folds
/// them right to left, which is exactly MTH's split at the largest power of two below n.
/// </summary>
internal sealed class MerkleRootBuilder
{
    private readonly List<(byte[] Hash, ulong Size)> _stack = [];

    /// <summary>Leaves appended so far.</summary>
    public ulong Count { get; private set; }

    /// <summary>Appends one 32-byte leaf hash.</summary>
    public void Add(byte[] leafHash)
    {
        if (leafHash.Length != Rfc9162.HashSize) throw new ArgumentException("leaf hash must be 32 bytes", nameof(leafHash));
        var node = leafHash;
        ulong size = 1;
        while (_stack.Count > 0 && _stack[^1].Size == size)
        {
            node = Rfc9162.HashChildren(_stack[^1].Hash, node);
            size *= 2;
            _stack.RemoveAt(_stack.Count - 1);
        }
        _stack.Add((node, size));
        Count++;
    }

    /// <summary>The root of the leaves appended so far (SHA-256 of the empty string for none).</summary>
    public byte[] Root()
    {
        if (_stack.Count == 0) return Rfc9162.EmptyRoot();
        var r = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--) r = Rfc9162.HashChildren(_stack[i].Hash, r);
        return r;
    }
}
