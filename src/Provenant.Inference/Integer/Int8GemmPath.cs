namespace Provenant.Inference.Integer;

/// <summary>
/// The instruction paths of <see cref="Int8Gemm"/>. Every path computes the same exact int32 sums (integer
/// arithmetic, every partial sum bounded below 2^31 at load), so they give the same bytes; the fastest one the
/// processor and runtime allow is used (<see cref="Int8Gemm.Best"/>).
/// </summary>
internal enum Int8GemmPath
{
    /// <summary>Plain int32 multiply-adds, one element at a time (used when hardware intrinsics are off).</summary>
    Scalar,

    /// <summary>AVX2: each byte pair widened to int16 lanes and summed by <c>vpmaddwd</c> (exact, never saturates).</summary>
    Avx2,

    /// <summary>AVX-VNNI: <c>vpdpbusd</c> on 256-bit vectors (unsigned × signed bytes, four products per int32 lane, wrapping, not saturating).</summary>
    AvxVnni,
}
