using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Json;
using Provenant.Core.Hashing;

namespace Provenant.Core.Tests;

public class Blake3Tests
{
    private static readonly string VectorPath = Path.Combine(AppContext.BaseDirectory, "TestVectors", "blake3-test-vectors.json");

    private sealed record VectorCase(int InputLen, string Hash, string KeyedHash, string DeriveKey);

    private static readonly Lazy<(string Key, string Context, VectorCase[] Cases)> Vectors = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(VectorPath));
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => new VectorCase(
                c.GetProperty("input_len").GetInt32(),
                c.GetProperty("hash").GetString()!,
                c.GetProperty("keyed_hash").GetString()!,
                c.GetProperty("derive_key").GetString()!))
            .ToArray();
        return (root.GetProperty("key").GetString()!, root.GetProperty("context_string").GetString()!, cases);
    });

    public static IEnumerable<object[]> VectorLengthsAndLanes() =>
        from c in Vectors.Value.Cases
        from lanes in Blake3Hash.SupportedLaneWidths
        select new object[] { c.InputLen, lanes };

    private static byte[] VectorInput(int length)
    {
        var input = new byte[length];
        for (int i = 0; i < length; i++) input[i] = (byte)(i % 251);
        return input;
    }

    private static Blake3Hash Create(string mode, int lanes)
    {
        var (key, context, _) = Vectors.Value;
        var hasher = mode switch
        {
            "hash" => new Blake3Hash(),
            "keyed_hash" => Blake3Hash.CreateKeyed(System.Text.Encoding.ASCII.GetBytes(key)),
            "derive_key" => Blake3Hash.CreateDeriveKey(context),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        hasher.MaxLanes = lanes;
        return hasher;
    }

    private static void AppendInRandomPieces(Blake3Hash hasher, byte[] input, Random rng, int maxPiece)
    {
        int offset = 0;
        while (offset < input.Length)
        {
            int n = Math.Min(input.Length - offset, rng.Next(0, maxPiece + 1));
            hasher.Append(input.AsSpan(offset, n));
            offset += n;
        }
    }

    [Fact]
    public void VectorFileHasAllOfficialCases()
    {
        var (key, context, cases) = Vectors.Value;
        Assert.Equal("whats the Elvish word for friend", key);
        Assert.Equal("BLAKE3 2019-12-27 16:29:52 test vectors context", context);
        Assert.Equal(
            new[] { 0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 5121, 6144, 6145, 7168, 7169, 8192, 8193, 16384, 31744, 102400 },
            cases.Select(c => c.InputLen).ToArray());
        Assert.All(cases, c =>
        {
            Assert.Equal(262, c.Hash.Length);
            Assert.Equal(262, c.KeyedHash.Length);
            Assert.Equal(262, c.DeriveKey.Length);
        });
    }

    [Theory]
    [MemberData(nameof(VectorLengthsAndLanes))]
    public void OfficialVectors_AllModes_OneAppend(int inputLen, int lanes)
    {
        var c = Vectors.Value.Cases.Single(x => x.InputLen == inputLen);
        var input = VectorInput(inputLen);
        foreach (var (mode, expected) in new[] { ("hash", c.Hash), ("keyed_hash", c.KeyedHash), ("derive_key", c.DeriveKey) })
        {
            using var hasher = Create(mode, lanes);
            hasher.Append(input);
            var xof = new byte[131];
            hasher.FinishXof(xof);
            Assert.Equal(expected, Hex.Encode(xof));

            // Default-length output = first 32 bytes of the extended output; FinishXof did not reset.
            var digest = new byte[32];
            hasher.FinishAndReset(digest);
            Assert.Equal(expected[..64], Hex.Encode(digest));

            // After the reset the same hasher computes the same value again.
            hasher.Append(input);
            hasher.FinishAndReset(digest);
            Assert.Equal(expected[..64], Hex.Encode(digest));
        }
    }

    [Theory]
    [MemberData(nameof(VectorLengthsAndLanes))]
    public void OfficialVectors_AllModes_RandomAppendPieces(int inputLen, int lanes)
    {
        var c = Vectors.Value.Cases.Single(x => x.InputLen == inputLen);
        var input = VectorInput(inputLen);
        var rng = new Random(inputLen * 31 + lanes);
        foreach (var (mode, expected) in new[] { ("hash", c.Hash), ("keyed_hash", c.KeyedHash), ("derive_key", c.DeriveKey) })
        {
            foreach (var maxPiece in new[] { 1, 63, 65, 1024, 3000, 20000 })
            {
                if (maxPiece == 1 && inputLen > 9000) continue; // byte-by-byte on the big cases adds nothing but time
                using var hasher = Create(mode, lanes);
                AppendInRandomPieces(hasher, input, rng, maxPiece);
                var xof = new byte[131];
                hasher.FinishXof(xof);
                Assert.Equal(expected, Hex.Encode(xof));
            }
        }
    }

    [Fact]
    public void HashDataMatchesVectors()
    {
        foreach (var c in Vectors.Value.Cases)
        {
            Assert.Equal(c.Hash[..64], Hex.Encode(Blake3Hash.HashData(VectorInput(c.InputLen))));
        }
    }

    [Fact]
    public void XofPrefixesAgreeForEveryLength()
    {
        var c = Vectors.Value.Cases.Single(x => x.InputLen == 2049);
        using var hasher = new Blake3Hash();
        hasher.Append(VectorInput(2049));
        for (int n = 0; n <= 131; n++)
        {
            var output = new byte[n];
            hasher.FinishXof(output);
            Assert.Equal(c.Hash[..(2 * n)], Hex.Encode(output));
        }
    }

    [Fact]
    public void LaneWidthsIncludeScalarAndWhatTheCpuHas()
    {
        var widths = Blake3Hash.SupportedLaneWidths;
        Assert.Equal(1, widths[0]);
        if (BitConverter.IsLittleEndian && Ssse3.IsSupported) Assert.Contains(4, widths);
        if (BitConverter.IsLittleEndian && Avx2.IsSupported) Assert.Contains(8, widths);
        var hasher = new Blake3Hash { MaxLanes = 1 };
        Assert.Equal(1, hasher.MaxLanes);
        Assert.Throws<ArgumentOutOfRangeException>(() => hasher.MaxLanes = 3);
    }

    public static IEnumerable<object[]> DeterminismLengths() =>
        new[] { 0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 8192, 16384, 16385, 31744, 65536 + 1024,
                102400, 262144, 263168, 1 << 20, (1 << 20) + 7, 3 * (1 << 20) + 12345 }
            .Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(DeterminismLengths))]
    public void AllLaneWidthsGiveTheSameOutput(int length)
    {
        var rng = new Random(length);
        var input = new byte[length];
        rng.NextBytes(input);
        var key = new byte[32];
        rng.NextBytes(key);

        foreach (var make in new Func<Blake3Hash>[] { () => new Blake3Hash(), () => Blake3Hash.CreateKeyed(key), () => Blake3Hash.CreateDeriveKey("Provenant test context") })
        {
            string? reference = null;
            foreach (var lanes in Blake3Hash.SupportedLaneWidths)
            {
                // One Append, then several random splits (small and large pieces).
                var outputs = new List<string>();
                using (var h = make())
                {
                    h.MaxLanes = lanes;
                    h.Append(input);
                    var o = new byte[100];
                    h.FinishXof(o);
                    outputs.Add(Hex.Encode(o));
                }
                foreach (var maxPiece in new[] { 1500, 70000, 1 << 20 })
                {
                    using var h = make();
                    h.MaxLanes = lanes;
                    AppendInRandomPieces(h, input, rng, maxPiece);
                    var o = new byte[100];
                    h.FinishXof(o);
                    outputs.Add(Hex.Encode(o));
                }
                reference ??= outputs[0];
                Assert.All(outputs, o => Assert.Equal(reference, o));
            }
        }
    }

    [Fact]
    public void DifferentInputsAndModesDiffer()
    {
        var a = Blake3Hash.HashData(new byte[2048]);
        var input = new byte[2048];
        input[2047] = 1;
        Assert.NotEqual(Hex.Encode(a), Hex.Encode(Blake3Hash.HashData(input)));

        using var keyed = Blake3Hash.CreateKeyed(new byte[32]);
        keyed.Append(new byte[2048]);
        var k = new byte[32];
        keyed.FinishAndReset(k);
        Assert.NotEqual(Hex.Encode(a), Hex.Encode(k));
    }

    [Fact]
    public void FinishXofDoesNotResetAndAppendContinues()
    {
        var input = VectorInput(5000);
        using var hasher = new Blake3Hash();
        hasher.Append(input.AsSpan(0, 3000));
        var partial = new byte[32];
        hasher.FinishXof(partial);
        Assert.Equal(Hex.Encode(Blake3Hash.HashData(input.AsSpan(0, 3000))), Hex.Encode(partial));
        hasher.Append(input.AsSpan(3000));
        var full = new byte[32];
        hasher.FinishAndReset(full);
        Assert.Equal(Hex.Encode(Blake3Hash.HashData(input)), Hex.Encode(full));
    }

    [Fact]
    public void ResetForgetsInput()
    {
        using var hasher = Blake3Hash.CreateKeyed(System.Text.Encoding.ASCII.GetBytes("whats the Elvish word for friend"));
        hasher.Append(new byte[5000]);
        hasher.Reset();
        var digest = new byte[32];
        hasher.FinishAndReset(digest);
        Assert.Equal(Vectors.Value.Cases[0].KeyedHash[..64], Hex.Encode(digest));
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => Blake3Hash.CreateKeyed(new byte[31]));
        Assert.Throws<ArgumentException>(() => Blake3Hash.CreateKeyed(new byte[33]));
        Assert.Throws<ArgumentNullException>(() => Blake3Hash.CreateDeriveKey(null!));
        using var hasher = new Blake3Hash();
        Assert.Throws<ArgumentException>(() => hasher.FinishAndReset(new byte[31]));
        Assert.Throws<ArgumentException>(() => hasher.FinishAndReset(new byte[64]));
        Assert.Equal("blake3", hasher.Name);
        Assert.Equal(32, hasher.DigestSize);
    }
}
