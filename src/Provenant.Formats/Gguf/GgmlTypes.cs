namespace Provenant.Formats.Gguf;

/// <summary>
/// The ggml type table: id → (name, block size, bytes per block). Ids 0–39 follow <c>enum ggml_type</c> in the GGUF
/// specification (ggml-org/ggml, docs/gguf.md); the block sizes and byte sizes are those of ggml's
/// <c>type_traits</c> table (<c>ggml.c</c>), i.e. <c>sizeof(block_*)</c> in <c>ggml-common.h</c>. Ids 40 (NVFP4) and
/// 41 (Q1_0) are the later additions to <c>ggml.h</c>. Removed ids (4, 5, 31–33, 36–38) are not recognised.
/// </summary>
public static class GgmlTypes
{
    private const int QK_K = 256;

    private static readonly Dictionary<uint, GgmlTypeInfo> ById = new GgmlTypeInfo[]
    {
        new(0, "F32", 1, 4),
        new(1, "F16", 1, 2),
        new(2, "Q4_0", 32, 2 + 16),                       // d (f16), qs[16]
        new(3, "Q4_1", 32, 2 + 2 + 16),                   // d, m, qs[16]
        new(6, "Q5_0", 32, 2 + 4 + 16),                   // d, qh[4], qs[16]
        new(7, "Q5_1", 32, 2 + 2 + 4 + 16),               // d, m, qh[4], qs[16]
        new(8, "Q8_0", 32, 2 + 32),                       // d, qs[32]
        new(9, "Q8_1", 32, 2 + 2 + 32),                   // d, s, qs[32]
        new(10, "Q2_K", QK_K, 2 + 2 + QK_K / 16 + QK_K / 4),          // 84
        new(11, "Q3_K", QK_K, QK_K / 8 + QK_K / 4 + 12 + 2),          // 110
        new(12, "Q4_K", QK_K, 2 + 2 + 12 + QK_K / 2),                 // 144
        new(13, "Q5_K", QK_K, 2 + 2 + 12 + QK_K / 8 + QK_K / 2),      // 176
        new(14, "Q6_K", QK_K, QK_K / 2 + QK_K / 4 + QK_K / 16 + 2),   // 210
        new(15, "Q8_K", QK_K, 4 + QK_K + 2 * (QK_K / 16)),            // 292
        new(16, "IQ2_XXS", QK_K, 2 + 2 * (QK_K / 8)),                 // 66
        new(17, "IQ2_XS", QK_K, 2 + 2 * (QK_K / 8) + QK_K / 32),      // 74
        new(18, "IQ3_XXS", QK_K, 2 + 3 * QK_K / 8),                   // 98
        new(19, "IQ1_S", QK_K, 2 + QK_K / 8 + 2 * (QK_K / 32)),       // 50
        new(20, "IQ4_NL", 32, 2 + 16),                                // 18
        new(21, "IQ3_S", QK_K, 2 + QK_K / 4 + QK_K / 32 + QK_K / 8 + QK_K / 64), // 110
        new(22, "IQ2_S", QK_K, 2 + QK_K / 4 + QK_K / 32 + QK_K / 32), // 82
        new(23, "IQ4_XS", QK_K, 2 + 2 + QK_K / 64 + QK_K / 2),        // 136
        new(24, "I8", 1, 1),
        new(25, "I16", 1, 2),
        new(26, "I32", 1, 4),
        new(27, "I64", 1, 8),
        new(28, "F64", 1, 8),
        new(29, "IQ1_M", QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32),     // 56
        new(30, "BF16", 1, 2),
        new(34, "TQ1_0", QK_K, (QK_K - 4 * QK_K / 64) / 5 + QK_K / 64 + 2), // 54
        new(35, "TQ2_0", QK_K, QK_K / 4 + 2),                         // 66
        new(39, "MXFP4", 32, 1 + 16),                                 // e (E8M0), qs[16]: 17
        new(40, "NVFP4", 64, 4 + 32),                                 // d[4] (E4M3), qs[32]: 36
        new(41, "Q1_0", 128, 2 + 16),                                 // d, qs[16]: 18
    }.ToDictionary(t => t.Id);

    /// <summary>Every recognised type, by id.</summary>
    public static IReadOnlyCollection<GgmlTypeInfo> All => ById.Values;

    /// <summary>Looks up a ggml type id; false for unknown and removed ids.</summary>
    public static bool TryGet(uint id, out GgmlTypeInfo info) => ById.TryGetValue(id, out info!);
}
