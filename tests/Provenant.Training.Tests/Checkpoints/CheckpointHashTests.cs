using System.Security.Cryptography;
using Provenant.Training.Checkpoints;
using Provenant.TestSupport;

namespace Provenant.Training.Tests.Checkpoints;

public class CheckpointHashTests
{
    [Theory]
    [InlineData(1, 1, 0)]  // SGD with momentum: one state vector, one scalar
    [InlineData(2, 2, 3)]  // Adam: two state vectors, scalars
    [InlineData(1, 0, 0)]  // no state, no scalars
    public void TheStreamedHashIsTheHashOfTheEncodingAndOfTheFile(byte kind, int stateVectors, int scalars)
    {
        var rng = new System.Random(kind * 10 + stateVectors);
        float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var digest = new byte[32];
        rng.NextBytes(digest);
        var c = new Checkpoint(1234567, digest, [.. digest.Reverse()], Floats(1001), kind,
            Enumerable.Range(0, scalars).Select(i => rng.NextDouble() + i).ToArray(), Enumerable.Range(0, stateVectors).Select(_ => Floats(1001)).ToArray());
        Assert.Equal(SHA256.HashData(c.ToBytes()), c.Hash());
        using var tmp = SharedData.NewTempDir();
        c.Write(tmp["c.ckpt"]);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(tmp["c.ckpt"])), Checkpoint.Read(tmp["c.ckpt"]).Hash());
        // every field is hashed: a different step, one parameter bit, one state bit
        var other = new Checkpoint(1234568, c.ArchitectureDigest, c.ConfigDigest, c.Parameters, kind, c.Scalars, c.State);
        Assert.NotEqual(c.Hash(), other.Hash());
        var flipped = (float[])c.Parameters.Clone();
        flipped[1000] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(flipped[1000]) ^ 1);
        Assert.NotEqual(c.Hash(), new Checkpoint(c.Step, c.ArchitectureDigest, c.ConfigDigest, flipped, kind, c.Scalars, c.State).Hash());
    }
}
