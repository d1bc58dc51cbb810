using Provenant.Core.Merkle;

namespace Provenant.Core.Tests.Merkle;

public class PackedLeafHashesTests
{
    [Fact]
    public void PackedLeavesGrowAndGiveTheRootAndCopiesOfAListOfArrays()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PackedLeafHashes(-1));
        var packed = new PackedLeafHashes(capacity: 3); // grows from room for 3
        Assert.Equal(Rfc9162.EmptyRoot(), packed.Root());
        var list = new List<byte[]>();
        for (var i = 0; i < 2500; i++) // past the first two growths of the buffer
        {
            var leaf = Rfc9162.HashLeaf(BitConverter.GetBytes(i));
            leaf.CopyTo(packed.Append());
            list.Add(leaf);
            if (i is 0 or 1 or 1023 or 1024 or 2048) Assert.Equal(Rfc9162.RootFromLeafHashes(list), packed.Root());
        }
        Assert.Equal(list.Count, packed.Count);
        Assert.Equal(list, packed.ToList());
        Assert.Equal(Rfc9162.RootFromLeafHashes(list), packed.Root());
        Assert.Equal(Rfc9162.RootFromLeafHashes(list), packed.Root()); // the root leaves the leaves as they were
        packed[5][0] ^= 1; // a copy: the packed leaf is unchanged
        Assert.Equal(list[5], packed[5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => packed[2500]);
        Assert.Throws<ArgumentOutOfRangeException>(() => packed[-1]);
    }
}
