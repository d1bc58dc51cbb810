using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Tiles;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Tiles;

/// <summary>
/// The C2SP tlog-tiles test log from transparency-dev/tessera (../shared/data/tlog-vectors/tessera-testlog): signed
/// checkpoints of sizes 0–15, partial level-0 tiles and entry bundles.
/// </summary>
public sealed class TesseraTestLogTests
{
    private const string VKey = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";

    private static string Dir => SharedData.Get("tlog-vectors", "tessera-testlog");

    public static TheoryData<int> Sizes() => new(Enumerable.Range(1, 15));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Checkpoint_signature_and_root_match_tiles_and_entries(int size)
    {
        var note = SignedNote.Parse(File.ReadAllBytes(Path.Combine(Dir, "checkpoint." + size)), "checkpoint." + size);
        Assert.True(note.Verify([NoteVerifierKey.Parse(VKey)]).IsValid);
        var cp = Checkpoint.Parse(note.Text, "checkpoint");
        Assert.Equal("example.com/log/testdata", cp.Origin);
        Assert.Equal((ulong)size, cp.TreeSize);
        Assert.Equal(note.Text, cp.Format());

        var tilePath = new TilePath(0, 0, size);
        Assert.Equal("tile/0/000.p/" + size, tilePath.ToString());
        var tile = File.ReadAllBytes(Path.Combine(Dir, tilePath.ToString()));
        Assert.Equal(size * 32, tile.Length);
        var edge = TreeEdge.Load(new OneTile(tile), (ulong)size);
        Assert.Equal(cp.RootHash, edge.Root());

        var entries = EntryBundle.Decode(File.ReadAllBytes(Path.Combine(Dir, new TilePath(-1, 0, size).ToString())), size, "bundle");
        var leafHashes = entries.Select(e => Rfc9162.HashLeaf(e)).ToList();
        for (var i = 0; i < size; i++) Assert.Equal(tile.AsSpan(32 * i, 32).ToArray(), leafHashes[i]);
        Assert.Equal(cp.RootHash, Rfc9162.RootFromLeafHashes(leafHashes));

        // Appending the entries one by one reproduces the tile byte for byte.
        var built = TreeEdge.Empty();
        var changed = built.Append(leafHashes);
        Assert.Equal(tile, Assert.Single(changed).Hashes);
    }

    [Fact]
    public void Checkpoints_are_mutually_consistent_by_proofs_from_tiles()
    {
        var tile = File.ReadAllBytes(Path.Combine(Dir, "tile/0/000.p/15"));
        var source = new TiledHashSource(new OneTile(tile));
        var roots = Enumerable.Range(1, 15).Select(n => Checkpoint.Parse(SignedNote.Parse(File.ReadAllBytes(Path.Combine(Dir, "checkpoint." + n)), "c").Text, "c").RootHash).ToArray();
        for (ulong a = 1; a <= 15; a++)
        {
            for (var b = a; b <= 15; b++)
            {
                var proof = ConsistencyProof.Generate(source, a, b);
                Assert.True(ConsistencyProof.Verify(a, b, proof, roots[a - 1], roots[b - 1]).IsValid, $"{a}->{b}");
            }
            for (ulong i = 0; i < a; i++)
            {
                var ip = InclusionProof.Generate(source, i, a);
                Assert.True(InclusionProof.Verify(i, a, tile.AsSpan((int)i * 32, 32), ip, roots[a - 1]).IsValid);
            }
        }
    }

    private sealed class OneTile(byte[] tile) : ITileReader
    {
        public byte[]? ReadTile(int level, ulong index) => level == 0 && index == 0 ? tile : null;
    }
}
