namespace Provenant.Formats.Onnx;

/// <summary>
/// Bounds the ONNX readers enforce before allocating anything sized by the file. Defaults suit models
/// up to 1 GiB held in memory (protobuf itself cannot exceed 2 GiB per message).
/// </summary>
/// <param name="MaxFileBytes">Largest model or <c>.pb</c> file accepted, in bytes.</param>
/// <param name="MaxTensorElements">Largest element count of one tensor (dims product).</param>
/// <param name="MaxRank">Largest number of dimensions of one tensor or declared shape.</param>
/// <param name="MaxNodes">Largest number of nodes in the graph.</param>
public sealed record OnnxReadLimits(
    long MaxFileBytes = 1L << 30,
    long MaxTensorElements = int.MaxValue,
    int MaxRank = 32,
    int MaxNodes = 1_000_000)
{
    /// <summary>The default limits.</summary>
    public static OnnxReadLimits Default { get; } = new();
}
