using System.Buffers.Binary;
using System.Security.Cryptography;
using Provenant.Core.Merkle;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// The Merkle tree over the columns of an encoded matrix: leaf j is the RFC 9162 leaf hash
/// SHA-256(0x00 ‖ E[0][j] ‖ … ‖ E[rows−1][j]) of codeword column j (each element 8 bytes little-endian), interior
/// nodes are SHA-256(0x01 ‖ left ‖ right). The leaf count is a power of two, for which RFC 9162's Merkle Tree Hash
/// is the perfect binary tree, so the root equals <see cref="Rfc9162.RootFromLeafHashes"/> of the leaf hashes.
/// </summary>
/// <remarks>
/// Openings of several leaves share one multiproof (<see cref="Siblings"/> / <see cref="TryComputeRoot"/>): walking up
/// level by level over the sorted distinct positions, a node whose sibling is itself known (opened or computed) needs
/// nothing, otherwise the sibling hash is the next proof element. Nodes are stored heap-style: node 1 is the root,
/// node i has children 2i and 2i + 1, leaf j is node n + j.
/// </remarks>
internal sealed class ColumnMerkleTree
{
    private const int H = Rfc9162.HashSize;
    private readonly byte[] _nodes;

    private ColumnMerkleTree(int logLeaves, byte[] nodes)
    {
        LogLeaves = logLeaves;
        _nodes = nodes;
    }

    /// <summary>log2 of the leaf count.</summary>
    public int LogLeaves { get; }

    /// <summary>The 32-byte root.</summary>
    public byte[] Root => _nodes.AsSpan(H, H).ToArray();

    /// <summary>
    /// Builds the tree over the columns of <paramref name="rowMajor"/>, a <paramref name="rows"/> × 2^logLeaves matrix
    /// stored row by row. Leaves are hashed in parallel over blocks of columns; each hash depends only on its inputs, so
    /// the tree is the same for any thread count.
    /// </summary>
    public static ColumnMerkleTree Build(Goldilocks[] rowMajor, int rows, int logLeaves)
    {
        int n = 1 << logLeaves;
        var nodes = new byte[2 * n * H];
        const int block = 8;
        Parallel.For(0, (n + block - 1) / block, b =>
        {
            int first = b * block, count = Math.Min(block, n - first);
            var buffers = new byte[count][];
            for (int c = 0; c < count; c++)
            {
                buffers[c] = new byte[1 + rows * 8];
                buffers[c][0] = 0x00;
            }
            for (int r = 0; r < rows; r++)
            {
                int rowBase = r * n + first;
                for (int c = 0; c < count; c++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(buffers[c].AsSpan(1 + r * 8, 8), rowMajor[rowBase + c].Value);
                }
            }
            for (int c = 0; c < count; c++) SHA256.HashData(buffers[c], nodes.AsSpan((n + first + c) * H, H));
        });
        for (int level = n / 2; level >= 1; level /= 2)
        {
            int start = level;
            Parallel.For(0, (level + 255) / 256, chunk =>
            {
                Span<byte> buf = stackalloc byte[1 + 2 * H];
                buf[0] = 0x01;
                int end = Math.Min(start + level, start + (chunk + 1) * 256);
                for (int i = start + chunk * 256; i < end; i++)
                {
                    nodes.AsSpan(2 * i * H, 2 * H).CopyTo(buf[1..]);
                    SHA256.HashData(buf, nodes.AsSpan(i * H, H));
                }
            });
        }
        return new ColumnMerkleTree(logLeaves, nodes);
    }

    /// <summary>The leaf hash of a column given as its elements top to bottom.</summary>
    public static byte[] HashColumn(ReadOnlySpan<Goldilocks> column)
    {
        var buffer = new byte[1 + column.Length * 8];
        for (int r = 0; r < column.Length; r++) BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(1 + r * 8, 8), column[r].Value);
        return SHA256.HashData(buffer);
    }

    /// <summary>The multiproof sibling hashes for the sorted distinct leaf positions, in consumption order.</summary>
    public byte[][] Siblings(IReadOnlyList<int> sortedPositions)
    {
        var result = new List<byte[]>();
        var layer = sortedPositions.ToList();
        for (int level = 0; level < LogLeaves; level++)
        {
            int width = 1 << (LogLeaves - level);
            var next = new List<int>(layer.Count);
            for (int i = 0; i < layer.Count; i++)
            {
                int idx = layer[i];
                if ((idx & 1) == 0 && i + 1 < layer.Count && layer[i + 1] == idx + 1) i++;
                else result.Add(_nodes.AsSpan((width + (idx ^ 1)) * H, H).ToArray());
                next.Add(idx >> 1);
            }
            layer = next;
        }
        return [.. result];
    }

    /// <summary>
    /// Recomputes the root from the leaf hashes at sorted distinct positions and the multiproof siblings; false (with a
    /// reason) when the siblings run out or are left over. Never throws for well-formed argument shapes.
    /// </summary>
    public static bool TryComputeRoot(int logLeaves, IReadOnlyList<int> sortedPositions, IReadOnlyList<byte[]> leafHashes,
        IReadOnlyList<byte[]> siblings, out byte[] root, out string reason)
    {
        root = [];
        var positions = sortedPositions.ToList();
        var hashes = leafHashes.ToList();
        int used = 0;
        Span<byte> buf = stackalloc byte[1 + 2 * H];
        buf[0] = 0x01;
        for (int level = 0; level < logLeaves; level++)
        {
            var nextPositions = new List<int>(positions.Count);
            var nextHashes = new List<byte[]>(positions.Count);
            for (int i = 0; i < positions.Count; i++)
            {
                int idx = positions[i];
                byte[] left, right;
                if ((idx & 1) == 0 && i + 1 < positions.Count && positions[i + 1] == idx + 1)
                {
                    left = hashes[i];
                    right = hashes[++i];
                }
                else
                {
                    if (used == siblings.Count)
                    {
                        reason = $"Merkle multiproof: ran out of sibling hashes at level {level} ({siblings.Count} given)";
                        return false;
                    }
                    byte[] sibling = siblings[used++];
                    (left, right) = (idx & 1) == 0 ? (hashes[i], sibling) : (sibling, hashes[i]);
                }
                left.CopyTo(buf[1..]);
                right.CopyTo(buf[(1 + H)..]);
                nextHashes.Add(SHA256.HashData(buf));
                nextPositions.Add(idx >> 1);
            }
            positions = nextPositions;
            hashes = nextHashes;
        }
        if (used != siblings.Count)
        {
            reason = $"Merkle multiproof: {siblings.Count - used} unused sibling hash(es)";
            return false;
        }
        if (hashes.Count != 1)
        {
            reason = "Merkle multiproof: no leaves opened";
            return false;
        }
        root = hashes[0];
        reason = "";
        return true;
    }
}
