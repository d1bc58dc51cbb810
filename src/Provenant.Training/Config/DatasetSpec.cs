namespace Provenant.Training.Config;

/// <summary>
/// Where the samples come from (paths resolved against the configuration file's folder): a CSV file or
/// IDX prefix for training (<see cref="Train"/>), and either a separate <see cref="Test"/> source or a
/// seeded split of the training source that holds out <see cref="TestFraction"/> of its records.
/// </summary>
/// <param name="Train">Training source (CSV path or IDX prefix, see <c>LabelledDataset.Load</c>).</param>
/// <param name="Test">Test source, or null to split <see cref="Train"/>.</param>
/// <param name="TestFraction">Fraction of the training source held out when <see cref="Test"/> is null, in (0, 1).</param>
/// <param name="TrainLimit">Read only the first this many training records (null: all).</param>
/// <param name="TestLimit">Read only the first this many test records (null: all).</param>
public sealed record DatasetSpec(string Train, string? Test, double TestFraction, int? TrainLimit, int? TestLimit);
