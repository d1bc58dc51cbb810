using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Tiles;

public sealed class TilePathTests
{
    [Theory]
    [InlineData("tile/0/000", 0, 0UL, 0)]
    [InlineData("tile/0/x001/x234/067", 0, 1234067UL, 0)]
    [InlineData("tile/1/x001/x234/067.p/8", 1, 1234067UL, 8)]
    [InlineData("tile/entries/x001/000.p/255", -1, 1000UL, 255)]
    [InlineData("tile/63/999", 63, 999UL, 0)]
    public void Canonical_paths_round_trip(string path, int level, ulong index, int width)
    {
        Assert.True(TilePath.TryParse(path, out var t));
        Assert.Equal(new TilePath(level, index, width), t);
        Assert.Equal(path, t.ToString());
        Assert.True(TilePath.TryParse("/" + path, out _));
    }

    [Theory]
    [InlineData("tile/00/000")]          // leading zero in L
    [InlineData("tile/64/000")]          // L out of range
    [InlineData("tile/0/1")]             // not 3 digits
    [InlineData("tile/0/001/002")]       // missing x prefix
    [InlineData("tile/0/x000/001")]      // non-canonical leading zero group
    [InlineData("tile/0/000.p/0")]       // W = 0
    [InlineData("tile/0/000.p/256")]     // W too big
    [InlineData("tile/0/000.p/08")]      // leading zero in W
    [InlineData("tile/0/000.p")]         // no width
    [InlineData("tile/0/../000")]
    [InlineData("tile/entries")]
    [InlineData("tiles/0/000")]
    [InlineData("tile/0/x018/x446/x744/x073/x709/x551/616")] // > 2^64 - 1
    [InlineData("tile/0/0a0")]
    public void Non_canonical_or_hostile_paths_are_refused(string path) => Assert.False(TilePath.TryParse(path, out _));

    [Fact]
    public void Spec_example_tree_of_70000_has_the_listed_tiles()
    {
        // c2sp.org/tlog-tiles: 273 full level-0 tiles, a partial of width 112, one full level-1 tile, a partial
        // level-1 tile of width 17 and a partial level-2 tile of width 1.
        const ulong size = 70_000;
        Assert.Equal(112, TileMath.PartialWidth(0, size));
        Assert.Equal(273UL, TileMath.HashCount(0, size) / 256);
        Assert.Equal(17, TileMath.PartialWidth(1, size));
        Assert.Equal(1, TileMath.PartialWidth(2, size));
        Assert.True(TileMath.Exists(new TilePath(0, 272, 0), size));
        Assert.False(TileMath.Exists(new TilePath(0, 273, 0), size));
        Assert.True(TileMath.Exists(new TilePath(0, 273, 112), size));
        Assert.False(TileMath.Exists(new TilePath(0, 273, 113), size));
        Assert.True(TileMath.Exists(new TilePath(1, 0, 0), size));
        Assert.True(TileMath.Exists(new TilePath(1, 1, 17), size));
        Assert.False(TileMath.Exists(new TilePath(3, 0, 1), size));
    }
}
