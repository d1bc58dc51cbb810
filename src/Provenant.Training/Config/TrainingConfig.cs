namespace Provenant.Training.Config;

/// <summary>
/// A training run's configuration (the JSON file of <c>provenant train --config</c>; format in docs/training.md).
/// Together with the data and <see cref="Seed"/> it determines every weight bit of the result.
/// </summary>
/// <param name="Source">The configuration file (for messages).</param>
/// <param name="Dataset">Data sources, paths already resolved.</param>
/// <param name="Input">Input shape and normalisation.</param>
/// <param name="Layers">Layers in order; the last must output <see cref="Classes"/> values.</param>
/// <param name="Classes">Number of classes; every label must be below it.</param>
/// <param name="Optimizer">Optimiser and hyper-parameters.</param>
/// <param name="BatchSize">Samples per step (the last step of an epoch may have fewer), 1 … 65536.</param>
/// <param name="Epochs">Passes over the training data, 1 … 10000.</param>
/// <param name="Seed">Seed of data order and initialisation (see <c>SeedDerivation</c>).</param>
/// <param name="Digest">SHA-256 of the configuration's canonical JSON (RFC 8785 style, Provenant's CanonicalJson).</param>
public sealed record TrainingConfig(
    string Source,
    DatasetSpec Dataset,
    InputSpec Input,
    IReadOnlyList<LayerSpec> Layers,
    int Classes,
    OptimizerSpec Optimizer,
    int BatchSize,
    int Epochs,
    ulong Seed,
    byte[] Digest);
