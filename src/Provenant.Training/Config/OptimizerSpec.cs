namespace Provenant.Training.Config;

/// <summary>
/// The optimiser: <c>sgd</c> (learning rate, momentum μ ≥ 0) or <c>adam</c> (learning rate, β1, β2, ε;
/// defaults 0.9, 0.999, 1e-8 as in Kingma and Ba, ICLR 2015, Algorithm 1).
/// </summary>
/// <param name="Type"><c>sgd</c> or <c>adam</c>.</param>
/// <param name="LearningRate">Step size, &gt; 0.</param>
/// <param name="Momentum">SGD momentum in [0, 1).</param>
/// <param name="Beta1">Adam first-moment decay in [0, 1).</param>
/// <param name="Beta2">Adam second-moment decay in [0, 1).</param>
/// <param name="Epsilon">Adam denominator term, &gt; 0.</param>
public sealed record OptimizerSpec(string Type, float LearningRate, float Momentum = 0f, float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-8f);
