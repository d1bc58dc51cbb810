using Provenant.Training.Config;
using Provenant.Training.Numerics;

namespace Provenant.Training.Optimizers;

/// <summary>
/// An element-wise optimiser over the flat parameter vector. Every parameter is updated from its own
/// gradient and state only, in float32 with the operations written out in a fixed order (no fused
/// multiply-add), so chunks over threads cannot change a result. Its state (per-parameter vectors and
/// scalars) is part of a checkpoint.
/// </summary>
internal abstract class Optimizer
{
    protected Optimizer(int parameters, int vectors)
    {
        State = new float[vectors][];
        for (var i = 0; i < vectors; i++)
        {
            State[i] = new float[parameters];
        }
    }

    /// <summary>Checkpoint tag of the algorithm (1 = SGD with momentum, 2 = Adam).</summary>
    public abstract byte Kind { get; }

    /// <summary>Per-parameter state vectors (SGD: velocity; Adam: first and second moments).</summary>
    public float[][] State { get; }

    /// <summary>Scalar state (Adam: β1^t and β2^t as doubles; SGD: none).</summary>
    public abstract double[] Scalars { get; set; }

    /// <summary>Floating-point operations per parameter per step.</summary>
    public abstract int FlopsPerParameter { get; }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradients"/>.</summary>
    public void Step(Compute compute, float[] parameters, float[] gradients)
    {
        BeginStep();
        compute.For(parameters.Length, (start, end) => Update(parameters, gradients, start, end));
    }

    /// <summary>Creates the optimiser of <paramref name="spec"/> with zero state.</summary>
    public static Optimizer Create(OptimizerSpec spec, int parameters) => spec.Type switch
    {
        "sgd" => new SgdMomentum(parameters, spec.LearningRate, spec.Momentum),
        "adam" => new Adam(parameters, spec.LearningRate, spec.Beta1, spec.Beta2, spec.Epsilon),
        _ => throw new ArgumentException($"unknown optimizer '{spec.Type}'", nameof(spec)),
    };

    /// <summary>Advances scalar state before the element updates.</summary>
    protected virtual void BeginStep()
    {
    }

    /// <summary>Updates parameters [start, end).</summary>
    protected abstract void Update(float[] p, float[] g, int start, int end);
}
