using System.Runtime.CompilerServices;
namespace Provenant.Training.Optimizers;

/// <summary>
/// SGD with (heavy-ball) momentum, PyTorch's form: v ← μ·v + g; p ← p − η·v (float32, each operation
/// rounded; v starts at 0).
/// </summary>
internal sealed class SgdMomentum : Optimizer
{
    private readonly float _rate;
    private readonly float _momentum;

    public SgdMomentum(int parameters, float rate, float momentum)
        : base(parameters, 1)
    {
        _rate = rate;
        _momentum = momentum;
    }

    /// <inheritdoc />
    public override byte Kind => 1;

    /// <inheritdoc />
    public override double[] Scalars { get => []; set => _ = value.Length == 0 ? 0 : throw new ArgumentException("SGD has no scalar state"); }

    /// <inheritdoc />
    public override int FlopsPerParameter => 4;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(float[] p, float[] g, int start, int end)
    {
        var velocity = State[0];
        for (var i = start; i < end; i++)
        {
            var decayed = _momentum * velocity[i];
            var v = decayed + g[i];
            velocity[i] = v;
            var delta = _rate * v;
            p[i] = p[i] - delta;
        }
    }
}
