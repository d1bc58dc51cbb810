namespace Provenant.Formats.Tensors;

/// <summary>Bounds every tensor reader enforces, so that each tensor can be committed to and proven
/// (see docs/tensor-commitments.md).</summary>
public static class TensorLimits
{
    /// <summary>Longest tensor name in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 65_535;

    /// <summary>Longest dtype string in bytes (ASCII).</summary>
    public const int MaxDTypeBytes = 64;

    /// <summary>Most dimensions of one tensor.</summary>
    public const int MaxRank = 64;

    /// <summary>Most tensors in one source.</summary>
    public const int MaxTensors = 10_000_000;
}
