using System.Security.Cryptography;

namespace Provenant.Signing.Oms;

/// <summary>
/// An OMS v1.0 manifest: the model's name (informative only), the serialization parameters and
/// the resources in canonical order. The in-toto subject digest is
/// SHA-256 over the concatenation of every resource's raw digest in that order.
/// </summary>
public sealed record OmsManifest
{
    /// <summary>Creates a manifest, sorting <paramref name="resources"/> canonically.</summary>
    /// <exception cref="ArgumentException">Two resources share a name.</exception>
    public OmsManifest(string modelName, SerializationOptions serialization, IEnumerable<ManifestResource> resources)
    {
        ModelName = modelName;
        Serialization = serialization;
        var list = resources.ToList();
        list.Sort(serialization.Method == SerializationMethod.Shards ? ResourceOrder.Shards : ResourceOrder.Files);
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Name == list[i - 1].Name) throw new ArgumentException($"duplicate resource name '{list[i].Name}'");
        }
        Resources = list;
    }

    /// <summary>Model name (final component of the model path); not covered by verification.</summary>
    public string ModelName { get; }

    /// <summary>Serialization parameters.</summary>
    public SerializationOptions Serialization { get; }

    /// <summary>Resources in canonical order.</summary>
    public IReadOnlyList<ManifestResource> Resources { get; }

    /// <summary>Optional per-tensor Merkle roots of weight files (empty unless signed with <c>--tensor-root</c>);
    /// serialized under <see cref="OmsStatement.TensorRootsField"/>, outside <c>resources</c>, so the subject digest and
    /// model_signing's view of the manifest are unchanged.</summary>
    public IReadOnlyList<TensorRootEntry> TensorRoots { get; init; } = [];

    /// <summary>SHA-256 over the concatenated raw digests of all resources in order (32 bytes).</summary>
    public byte[] SubjectDigest()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in Resources) h.AppendData(r.Digest);
        return h.GetHashAndReset();
    }
}
