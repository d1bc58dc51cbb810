using System.Runtime.CompilerServices;
namespace Provenant.Training.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, ICLR 2015, Algorithm 1): t ← t+1; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// p ← p − η·(m / (1−β1^t)) / (√(v / (1−β2^t)) + ε). β^t is kept as a running double product (no pow), the bias
/// corrections are rounded to float32 once per step, and every element operation is a separate float32 step
/// (√ is IEEE-correctly rounded).
/// </summary>
internal sealed class Adam : Optimizer
{
    private readonly float _rate;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private double _beta1Power = 1.0;
    private double _beta2Power = 1.0;
    private float _correction1;
    private float _correction2;

    public Adam(int parameters, float rate, float beta1, float beta2, float epsilon)
        : base(parameters, 2)
    {
        _rate = rate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <inheritdoc />
    public override byte Kind => 2;

    /// <inheritdoc />
    public override double[] Scalars
    {
        get => [_beta1Power, _beta2Power];
        set
        {
            if (value.Length != 2)
            {
                throw new ArgumentException("Adam has two scalars (β1^t, β2^t)");
            }
            (_beta1Power, _beta2Power) = (value[0], value[1]);
        }
    }

    /// <inheritdoc />
    public override int FlopsPerParameter => 14;

    /// <inheritdoc />
    protected override void BeginStep()
    {
        _beta1Power *= _beta1;
        _beta2Power *= _beta2;
        _correction1 = (float)(1.0 - _beta1Power);
        _correction2 = (float)(1.0 - _beta2Power);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(float[] p, float[] g, int start, int end)
    {
        var (m, v) = (State[0], State[1]);
        var keep1 = 1f - _beta1;
        var keep2 = 1f - _beta2;
        for (var i = start; i < end; i++)
        {
            var gi = g[i];
            var mi = _beta1 * m[i];
            mi = mi + keep1 * gi;
            var g2 = gi * gi;
            var vi = _beta2 * v[i];
            vi = vi + keep2 * g2;
            m[i] = mi;
            v[i] = vi;
            var mHat = mi / _correction1;
            var vHat = vi / _correction2;
            var denominator = MathF.Sqrt(vHat) + _epsilon;
            var step = _rate * mHat;
            p[i] = p[i] - step / denominator;
        }
    }
}
