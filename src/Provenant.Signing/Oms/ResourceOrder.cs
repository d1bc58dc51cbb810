using Provenant.Core.IO;
namespace Provenant.Signing.Oms;

/// <summary>Sort order of OMS resources: by path segments (<see cref="PosixPathOrder"/>), then shard start, then end.</summary>
public sealed class ResourceOrder : IComparer<ManifestResource>
{
    /// <summary>For files-mode manifests.</summary>
    public static readonly ResourceOrder Files = new(sharded: false);

    /// <summary>For shards-mode manifests.</summary>
    public static readonly ResourceOrder Shards = new(sharded: true);

    private readonly bool _sharded;

    private ResourceOrder(bool sharded) => _sharded = sharded;

    /// <inheritdoc />
    public int Compare(ManifestResource? x, ManifestResource? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        if (!_sharded) return PosixPathOrder.Instance.Compare(x.Name, y.Name);
        ManifestResource.TrySplitShard(x.Name, out var px, out var sx, out var ex);
        ManifestResource.TrySplitShard(y.Name, out var py, out var sy, out var ey);
        var c = PosixPathOrder.Instance.Compare(px, py);
        if (c != 0) return c;
        c = sx.CompareTo(sy);
        return c != 0 ? c : ex.CompareTo(ey);
    }
}
