using Provenant.Core.Merkle;

namespace Provenant.Core.Tests.Merkle;

/// <summary>
/// Direct, recursive transcriptions of the RFC 9162 definitions (MTH §2.1.1, PATH §2.1.3.1, SUBPROOF §2.1.4.1)
/// used as an independent oracle for the iterative production code. Slow but obviously correct.
/// </summary>
internal static class RfcReference
{
    public static byte[] Mth(byte[][] d)
    {
        if (d.Length == 0) return Rfc9162.EmptyRoot();
        if (d.Length == 1) return d[0];
        var k = (int)Rfc9162.LargestPowerOfTwoBelow((ulong)d.Length);
        return Rfc9162.HashChildren(Mth(d[..k]), Mth(d[k..]));
    }

    public static List<byte[]> Path(int m, byte[][] d)
    {
        if (d.Length <= 1) return [];
        var k = (int)Rfc9162.LargestPowerOfTwoBelow((ulong)d.Length);
        if (m < k) return [.. Path(m, d[..k]), Mth(d[k..])];
        return [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    public static List<byte[]> Proof(int m, byte[][] d) => SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, byte[][] d, bool b)
    {
        var n = d.Length;
        if (m == n) return b ? [] : [Mth(d)];
        var k = (int)Rfc9162.LargestPowerOfTwoBelow((ulong)n);
        if (m <= k) return [.. SubProof(m, d[..k], b), Mth(d[k..])];
        return [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }

    public static byte[][] RandomLeaves(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ =>
        {
            var b = new byte[8];
            rng.NextBytes(b);
            return Rfc9162.HashLeaf(b);
        }).ToArray();
}
