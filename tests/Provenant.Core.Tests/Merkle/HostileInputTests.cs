using Provenant.Core.Merkle;

namespace Provenant.Core.Tests.Merkle;

/// <summary>Verifiers return Rejected, never throw, on malformed input.</summary>
public class HostileInputTests
{
    private static readonly byte[] H = Rfc9162.HashLeaf([1]);

    public static IEnumerable<object[]> BadInclusion()
    {
        yield return new object[] { "index = size", 5UL, 5UL, H, Array.Empty<byte[]>(), H };
        yield return new object[] { "index > size", ulong.MaxValue, 3UL, H, Array.Empty<byte[]>(), H };
        yield return new object[] { "size 0", 0UL, 0UL, H, Array.Empty<byte[]>(), H };
        yield return new object[] { "max size, empty proof", 0UL, ulong.MaxValue, H, Array.Empty<byte[]>(), H };
        yield return new object[] { "max size, 64-hash proof", ulong.MaxValue - 1, ulong.MaxValue, H, Enumerable.Repeat(H, 64).ToArray(), H };
        yield return new object[] { "short leaf", 0UL, 2UL, new byte[31], new[] { H }, H };
        yield return new object[] { "long root", 0UL, 2UL, H, new[] { H }, new byte[33] };
        yield return new object[] { "short proof hash", 0UL, 2UL, H, new[] { new byte[3] }, H };
        yield return new object[] { "null proof hash", 0UL, 2UL, H, new byte[][] { null! }, H };
        yield return new object[] { "huge proof", 0UL, 2UL, H, Enumerable.Repeat(H, 10_000).ToArray(), H };
    }

    [Theory]
    [MemberData(nameof(BadInclusion))]
    public void InclusionRejects(string what, ulong index, ulong size, byte[] leaf, byte[][] proof, byte[] root)
    {
        var r = InclusionProof.Verify(index, size, leaf, proof, root);
        Assert.False(r.IsValid, what);
        Assert.False(string.IsNullOrWhiteSpace(r.Reason));
        Assert.False(InclusionProof.TryComputeRoot(index, size, leaf, proof, out _, out var reason) && root.Length == 32 && leaf.Length == 32 && what != "max size, 64-hash proof", reason);
    }

    [Fact]
    public void NullProofsAreRejected()
    {
        Assert.False(InclusionProof.Verify(0, 1, H, null, H).IsValid);
        Assert.False(ConsistencyProof.Verify(1, 2, null, H, H).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(0, 1, 2, null, H, H).IsValid);
        Assert.False(SubtreeInclusionProof.Verify(0, 0, 1, H, null, H).IsValid);
    }

    [Fact]
    public void ConsistencyRejectsMalformedInput()
    {
        Assert.False(ConsistencyProof.Verify(0, 5, [H], H, H).IsValid);
        Assert.False(ConsistencyProof.Verify(6, 5, [H], H, H).IsValid);
        Assert.False(ConsistencyProof.Verify(5, 5, [H], H, H).IsValid);
        Assert.False(ConsistencyProof.Verify(3, 5, [H, new byte[1], H], H, H).IsValid);
        Assert.False(ConsistencyProof.Verify(3, 5, [H, null!, H], H, H).IsValid);
        Assert.False(ConsistencyProof.Verify(3, 5, [H, H, H], new byte[31], H).IsValid);
        Assert.False(ConsistencyProof.Verify(1, ulong.MaxValue, Enumerable.Repeat(H, 64).ToArray(), H, H).IsValid);
        Assert.False(ConsistencyProof.Verify(ulong.MaxValue - 1, ulong.MaxValue, Enumerable.Repeat(H, 10_000).ToArray(), H, H).IsValid);
        Assert.True(ConsistencyProof.Verify(5, 5, [], H, H).IsValid);
    }

    [Fact]
    public void SubtreeProofsRejectInvalidRangesWithoutThrowing()
    {
        Assert.False(SubtreeInclusionProof.Verify(1, 1, 9223372036854775810, H, [], H).IsValid);
        Assert.False(SubtreeInclusionProof.Verify(0, 2, 1, H, [], H).IsValid);
        Assert.False(SubtreeInclusionProof.Verify(ulong.MaxValue, 0, ulong.MaxValue, H, Enumerable.Repeat(H, 64).ToArray(), H).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(1, 9223372036854775810, ulong.MaxValue, [H], H, H).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(2, 1, 5, [], H, H).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(1UL << 63, ulong.MaxValue, ulong.MaxValue, Enumerable.Repeat(H, 3).ToArray(), H, H).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(4, 8, ulong.MaxValue, Enumerable.Repeat(H, 200).ToArray(), H, H).IsValid);
    }

    [Fact]
    public void GeneratorsThrowOnBadArguments()
    {
        byte[][] leaves = [H, H, H];
        Assert.Throws<ArgumentOutOfRangeException>(() => InclusionProof.Generate(leaves, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistencyProof.Generate(leaves, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistencyProof.Generate(leaves, 2, 4));
        Assert.Throws<ArgumentException>(() => SubtreeConsistencyProof.Generate(leaves, 1, 3, 3));
        Assert.ThrowsAny<ArgumentException>(() => SubtreeInclusionProof.Generate(leaves, 0, 1, 2));
        Assert.Throws<ArgumentException>(() => InclusionProof.Generate([H, new byte[2]], 0));
    }
}
