using System.Runtime.CompilerServices;
using Provenant.Core.Hashing;

namespace Provenant.Training.Log;

/// <summary>
/// What the log records about one checkpoint: the SHA-256 of its file (binds weights and optimizer state) and the
/// tensor root of its weights (<see cref="WeightsRoot"/>; for the final checkpoint, equal to the trained model's tensor root).
/// </summary>
/// <param name="Step">Steps completed when the checkpoint was taken (0 for the initial state).</param>
/// <param name="StateHash">SHA-256 of the checkpoint's canonical encoding (<c>Checkpoint.Hash()</c>), 32 bytes.</param>
/// <param name="WeightsRoot">Tensor root (provenant-tensors-v1-sha256-rfc9162) of the exported model's initializers, 32 bytes.</param>
/// <param name="UpdateNorm">L2 norm of the parameter change since the previous checkpoint (0 for the initial one), computed
/// in double precision over the parameters in order (<see cref="NormOfChange"/>); the audit re-executes the segments with the
/// largest claimed norms and checks the claim bit for bit on every segment it re-executes.</param>
public sealed record CheckpointEntry(long Step, byte[] StateHash, byte[] WeightsRoot, double UpdateNorm)
{
    /// <summary>√(Σ (b[i] − a[i])²) in double, summed in index order, IEEE √.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double NormOfChange(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("parameter vectors differ in length");
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)b[i] - a[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The state hash as lower-case hex.</summary>
    public string StateHashHex => Hex.Encode(StateHash);

    /// <summary>The weights root as lower-case hex.</summary>
    public string WeightsRootHex => Hex.Encode(WeightsRoot);
}
