using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using ExecutionContext = Provenant.Inference.Engine.ExecutionContext;

namespace Provenant.Training.Numerics;

/// <summary>
/// The trainer's arithmetic context: a thread count and the two primitives every layer is built from.
/// <list type="bullet">
/// <item><see cref="Multiply"/>: C = A·B with the float reference engine's GEMM (each C[i,j] the chain
/// s ← fma(A[i,k], B[k,j], s) from s = 0 over ascending k; threads split rows; vector lanes hold different
/// outputs; exact software fma where the CPU has none), so results depend neither on the thread count nor on
/// the SIMD width, and forward logits equal the exported model's on <see cref="FloatEngine"/> bit for bit.</item>
/// <item><see cref="For"/>: a loop over independent items in contiguous static chunks. Bodies write disjoint
/// outputs; nothing is reduced across chunks.</item>
/// </list>
/// </summary>
internal sealed class Compute
{
    private readonly ExecutionContext _context;
    private readonly ExecutionContext _serial = new(new EngineOptions(1));
    private readonly ParallelOptions _parallel;

    public Compute(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _context = new ExecutionContext(new EngineOptions(threads));
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
    }

    /// <summary>Worker threads (≥ 1).</summary>
    public int Threads { get; }

    /// <summary>C[m×n] = A[m×k]·B[k×n] (row-major, at the given offsets; C overwritten), rows split over the threads.</summary>
    public void Multiply(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, int m, int k, int n) =>
        MatrixMultiply.Float32(a, aOffset, b, bOffset, c, cOffset, m, k, n, _context);

    /// <summary>As <see cref="Multiply"/> on the calling thread only (for use inside <see cref="For"/> bodies).</summary>
    public void MultiplySerial(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, int m, int k, int n) =>
        MatrixMultiply.Float32(a, aOffset, b, bOffset, c, cOffset, m, k, n, _serial);

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, count) split into at most <see cref="Threads"/> contiguous chunks.</summary>
    public void For(int count, Action<int, int> body)
    {
        if (Threads == 1 || count < 2)
        {
            body(0, count);
            return;
        }
        var chunks = Math.Min(count, Threads);
        Parallel.For(0, chunks, _parallel, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
    }

    /// <summary>dst[c×r] = transpose of src[r×c] (row-major, at the offsets).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(float[] src, int srcOffset, int rows, int cols, float[] dst, int dstOffset)
    {
        for (var i = 0; i < rows; i++)
        {
            var row = srcOffset + i * cols;
            for (var j = 0; j < cols; j++)
            {
                dst[dstOffset + j * rows + i] = src[row + j];
            }
        }
    }
}
