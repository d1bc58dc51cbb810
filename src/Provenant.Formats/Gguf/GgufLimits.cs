namespace Provenant.Formats.Gguf;

/// <summary>Bounds of the GGUF reader (see docs/weight-formats.md). Counts and lengths in the file are also always
/// checked against the bytes that remain before anything is allocated.</summary>
public static class GgufLimits
{
    /// <summary>Most bytes of header (magic through the last tensor info) read: 128 MiB, far above real tokenizer
    /// metadata (a few MB) and a bound on the memory a hostile header can make the reader allocate.</summary>
    public const long MaxHeaderBytes = 128L << 20;

    /// <summary>Longest metadata key: 2^16 − 1 bytes (specification).</summary>
    public const int MaxKeyBytes = 65_535;

    /// <summary>Longest tensor name: 64 bytes (specification; ggml itself keeps names below 64 bytes).</summary>
    public const int MaxTensorNameBytes = 64;

    /// <summary>Most dimensions of a tensor (GGML_MAX_DIMS).</summary>
    public const int MaxDimensions = 4;

    /// <summary>Deepest nesting of arrays inside arrays.</summary>
    public const int MaxArrayDepth = 8;

    /// <summary>Alignment when <c>general.alignment</c> is absent.</summary>
    public const uint DefaultAlignment = 32;
}
