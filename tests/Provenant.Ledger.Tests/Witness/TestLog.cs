using System.Text;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>
/// A small in-memory log for witness tests: leaf <c>i</c> is <c>"&lt;branch&gt; entry i"</c>, so two instances with
/// the same origin and key but different branches from some index on form a forked log.
/// </summary>
internal sealed class TestLog
{
    /// <summary>A fixed seed so failures reproduce.</summary>
    public static readonly byte[] Seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public const string DefaultOrigin = "example.com/provenant-test-log";

    private readonly List<byte[]> _leaves = [];

    public TestLog(string origin = DefaultOrigin, byte[]? seed = null, string branch = "main", int forkAt = 0, int size = 0)
    {
        Origin = origin;
        Signer = new Ed25519NoteSigner(origin, seed ?? Seed);
        Branch = branch;
        ForkAt = forkAt;
        Append(size);
    }

    public string Origin { get; }
    public Ed25519NoteSigner Signer { get; }
    public string Branch { get; }
    public int ForkAt { get; }
    public ulong Size => (ulong)_leaves.Count;
    public Ed25519NoteVerifier Verifier => Signer.Verifier;

    /// <summary>Appends <paramref name="count"/> leaves; those at index ≥ ForkAt carry the branch name.</summary>
    public TestLog Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var index = _leaves.Count;
            var prefix = index >= ForkAt ? Branch : "main";
            _leaves.Add(Rfc9162.HashLeaf(Encoding.UTF8.GetBytes($"{prefix} entry {index}")));
        }
        return this;
    }

    public byte[] Root(ulong size) => Rfc9162.RootFromLeafHashes(_leaves.Take((int)size).ToList());

    public Checkpoint Checkpoint(ulong size) => new(Origin, size, Root(size));

    public SignedNote Signed(ulong size) => SignedNote.Sign(Checkpoint(size).Format(), Signer);

    public IReadOnlyList<byte[]> Proof(ulong oldSize, ulong newSize) =>
        oldSize == 0 ? [] : ConsistencyProof.Generate(_leaves, oldSize, newSize);

    /// <summary>The add-checkpoint body claiming <paramref name="oldSize"/> and carrying the right proof for it.</summary>
    public byte[] Body(ulong oldSize, ulong size) => new AddCheckpointRequest(oldSize, Proof(oldSize, size), Signed(size).ToString()).Format();

    public static CosignatureV1Signer NewWitnessKey(string name = "witness.example/w1", int seedByte = 7) =>
        new(name, Enumerable.Repeat((byte)seedByte, 32).ToArray());
}
