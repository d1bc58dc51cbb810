namespace Provenant.Training.Config;

/// <summary>
/// The model input: per-sample <see cref="Shape"/> (its element count must equal the dataset's features per
/// sample; e.g. <c>[64]</c> for the digits CSV, <c>[1, 28, 28]</c> for Fashion-MNIST images) and the
/// normalisation y = (x − <see cref="Offset"/>)·<see cref="Scale"/> the model applies to raw values.
/// </summary>
/// <param name="Shape">Per-sample shape (1 to 3 dimensions, each ≥ 1).</param>
/// <param name="Offset">Subtracted from every raw value.</param>
/// <param name="Scale">Multiplied after the subtraction.</param>
public sealed record InputSpec(IReadOnlyList<int> Shape, float Offset, float Scale);
