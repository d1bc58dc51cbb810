using System.Text;
using Provenant.Core.Hashing;
using Provenant.Signing.Oms;
using Provenant.TestSupport;
using static Provenant.Signing.Tests.Oms.OmsTestKit;

namespace Provenant.Signing.Tests.Oms;

/// <summary>model_signing's serialization and statement goldens (oms-vectors/goldens), reproduced exactly.</summary>
public class GoldenManifestTests
{
    public static TheoryData<string, string, long> SerializationGoldens => new()
    {
        // golden file (relative to goldens/serialization), fixture, shard size (0 = files mode)
        { "file/TestSerializer/sample_model_file", "file", 0 },
        { "file/TestSerializer/sample_model_folder", "folder", 0 },
        { "file/TestSerializer/symlink_model_folder", "symlink", 0 },
        { "file_shard/TestSerializer/sample_model_file", "file", SerializationOptions.DefaultShardSize },
        { "file_shard/TestSerializer/sample_model_file_small_shards", "file", 8 },
        { "file_shard/TestSerializer/sample_model_folder", "folder", SerializationOptions.DefaultShardSize },
        { "file_shard/TestSerializer/sample_model_folder_small_shards", "folder", 8 },
        { "file_shard/TestSerializer/symlink_model_folder", "symlink", SerializationOptions.DefaultShardSize },
        { "file_shard/TestSerializer/symlink_model_folder_small_shards", "symlink", 8 },
    };

    public static TheoryData<string, string, long> StatementGoldens => new()
    {
        { "sample_model_file", "file", 0 },
        { "sample_model_file_shard", "file", SerializationOptions.DefaultShardSize },
        { "sample_model_file_small_shards", "file", 8 },
        { "sample_model_folder", "folder", 0 },
        { "sample_model_folder_shard", "folder", SerializationOptions.DefaultShardSize },
        { "sample_model_folder_small_shards", "folder", 8 },
        { "symlink_model_folder", "symlink", 0 },
        { "symlink_model_folder_shard", "symlink", SerializationOptions.DefaultShardSize },
        { "symlink_model_folder_small_shards", "symlink", 8 },
    };

    [Theory]
    [MemberData(nameof(SerializationGoldens))]
    public void SerializationGoldenIsReproduced(string golden, string fixture, long shardSize)
    {
        using var tmp = SharedData.NewTempDir();
        var manifest = Serialize(fixture, shardSize, tmp);
        var expected = File.ReadAllText(Vectors("goldens", "serialization", golden)).TrimEnd('\n');
        var actual = string.Join("\n", manifest.Resources.Select(r => $"{r.Name}:{r.DigestHex}"));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(StatementGoldens))]
    public void StatementGoldenIsReproducedByteForByte(string golden, string fixture, long shardSize)
    {
        using var tmp = SharedData.NewTempDir();
        var manifest = Serialize(fixture, shardSize, tmp);
        var expected = File.ReadAllText(Vectors("goldens", "signing", "TestPayload", golden)).TrimEnd('\n');
        Assert.Equal(expected, Encoding.UTF8.GetString(OmsStatement.Serialize(manifest)));
    }

    [Theory]
    [InlineData("empty_model_folder", 0L)]
    [InlineData("empty_model_folder_shard", SerializationOptions.DefaultShardSize)]
    [InlineData("empty_model_folder_small_shards", 8L)]
    public void EmptyModelStatementGoldenIsReproduced(string golden, long shardSize)
    {
        var options = Options(shardSize) with { Symlinks = SymlinkPolicy.FollowAnywhere };
        var manifest = new OmsManifest("empty_folder_model", options, []);
        var expected = File.ReadAllText(Vectors("goldens", "signing", "TestPayload", golden)).TrimEnd('\n');
        Assert.Equal(expected, Encoding.UTF8.GetString(OmsStatement.Serialize(manifest)));
    }

    [Fact]
    public void EmptyModelDirectoryIsAnError()
    {
        using var tmp = SharedData.NewTempDir();
        var e = Assert.Throws<Core.Errors.ProvenantException>(() => ModelHasher.Serialize(tmp.Path, new SerializationOptions()));
        Assert.Contains("no regular files", e.Message);
    }

    [Fact]
    public void StatementRoundTripsThroughParse()
    {
        using var tmp = SharedData.NewTempDir();
        var manifest = Serialize("folder", 8, tmp);
        var parsed = OmsStatement.Parse(OmsStatement.Serialize(manifest), "test", out var name);
        Assert.Equal("sample_model", name);
        Assert.Equal(manifest.Resources, parsed.Resources);
        Assert.Equal(8, parsed.Serialization.ShardSize);
        Assert.Equal(SerializationMethod.Shards, parsed.Serialization.Method);
    }

    private static SerializationOptions Options(long shardSize) => new()
    {
        Method = shardSize == 0 ? SerializationMethod.Files : SerializationMethod.Shards,
        ShardSize = shardSize == 0 ? SerializationOptions.DefaultShardSize : shardSize,
        HashType = DigestAlgorithm.Sha256,
        Symlinks = SymlinkPolicy.FollowAnywhere, // the goldens were made with allow_symlinks=True
    };

    private static OmsManifest Serialize(string fixture, long shardSize, TempDir tmp)
    {
        var options = Options(shardSize);
        switch (fixture)
        {
            case "file":
                return ModelHasher.Serialize(Vectors("fixtures", "sample_model_file", "file_model"), options);
            case "folder":
                return ModelHasher.Serialize(Vectors("fixtures", "sample_model_folder", "sample_model"), options);
            default:
                // symlink_model/symlink_file -> an external file holding "This is a simple model" (tests/conftest.py).
                var external = tmp.Write("external/file", "This is a simple model");
                Directory.CreateDirectory(tmp["symlink_model"]);
                File.CreateSymbolicLink(tmp["symlink_model/symlink_file"], external);
                return ModelHasher.Serialize(tmp["symlink_model"], options);
        }
    }
}
