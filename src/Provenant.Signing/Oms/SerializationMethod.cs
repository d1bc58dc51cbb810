namespace Provenant.Signing.Oms;

/// <summary>OMS v1.0 <c>serialization.method</c>.</summary>
public enum SerializationMethod
{
    /// <summary><c>files</c>: one resource per regular file, named by its POSIX path relative to the model root.</summary>
    Files,

    /// <summary><c>shards</c>: each file split into shards of <c>shard_size</c> bytes, resources named <c>path:start:end</c>.</summary>
    Shards,
}
