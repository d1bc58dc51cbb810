using Provenant.Proofs.Field;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// What the committer keeps to answer openings: the evaluation matrix, its row-wise Reed–Solomon encoding and the
/// Merkle tree over the encoded columns. Produced by <see cref="MultilinearPcs.Commit(ReadOnlySpan{Goldilocks})"/>;
/// about (1 + 1/ρ)·2^n·8 bytes plus 2·n_code·32 bytes of tree.
/// </summary>
public sealed class PcsProverData
{
    internal PcsProverData(PcsParameters parameters, Goldilocks[] evaluations, Goldilocks[] encoded, ColumnMerkleTree tree)
    {
        Parameters = parameters;
        Evaluations = evaluations;
        Encoded = encoded;
        Tree = tree;
        Commitment = new PcsCommitment(tree.Root, parameters.VariableCount, parameters.Profile);
    }

    /// <summary>The parameters the polynomial was committed under.</summary>
    public PcsParameters Parameters { get; }

    /// <summary>The commitment (root, n).</summary>
    public PcsCommitment Commitment { get; }

    /// <summary>The 2^n evaluations (zero-padded), row-major: row i is evaluations [i·k, (i + 1)·k).</summary>
    internal Goldilocks[] Evaluations { get; }

    /// <summary>The encoded rows, row-major: row i is Encoded[i·n_code, (i + 1)·n_code).</summary>
    internal Goldilocks[] Encoded { get; }

    /// <summary>The Merkle tree over the encoded columns.</summary>
    internal ColumnMerkleTree Tree { get; }

    /// <summary>The committed values f(b) on the hypercube (2^n entries, zero-padded).</summary>
    public ReadOnlySpan<Goldilocks> Values => Evaluations;
}
