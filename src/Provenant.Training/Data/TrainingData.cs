using Provenant.Core.Errors;
using Provenant.Formats.Datasets;
using Provenant.Training.Config;
using Provenant.Training.Random;

namespace Provenant.Training.Data;

/// <summary>
/// The training and test records of a run. Records are named by their index in their source file (the
/// position a dataset commitment gives them), so a batch can later be proven to come from the committed
/// dataset. With one source, the test records are the first round(fraction·n) of a permutation drawn from
/// stream (<c>split</c>, 0) of the seed; both lists are kept in ascending order.
/// </summary>
public sealed class TrainingData
{
    private TrainingData(LabelledDataset train, LabelledDataset test, int[] trainRecords, int[] testRecords)
    {
        TrainSource = train;
        TestSource = test;
        TrainRecords = trainRecords;
        TestRecords = testRecords;
    }

    /// <summary>The source the training records index.</summary>
    public LabelledDataset TrainSource { get; }

    /// <summary>The source the test records index (the training source when split).</summary>
    public LabelledDataset TestSource { get; }

    /// <summary>Training record indices into <see cref="TrainSource"/>, ascending.</summary>
    public IReadOnlyList<int> TrainRecords { get; }

    /// <summary>Test record indices into <see cref="TestSource"/>, ascending.</summary>
    public IReadOnlyList<int> TestRecords { get; }

    /// <summary>Loads the configuration's sources and checks them against it.</summary>
    /// <exception cref="ProvenantFormatException">A malformed dataset (from <see cref="LabelledDataset.Load"/>), a feature count that is not the
    /// input shape's size, a label ≥ <see cref="TrainingConfig.Classes"/>, or a split leaving either side empty.</exception>
    /// <exception cref="FileNotFoundException">A source does not exist.</exception>
    public static TrainingData Load(TrainingConfig config)
    {
        var d = config.Dataset;
        var train = Check(LabelledDataset.Load(d.Train, d.TrainLimit), config, "dataset.train");
        if (d.Test is not null)
        {
            var test = Check(LabelledDataset.Load(d.Test, d.TestLimit), config, "dataset.test");
            return new TrainingData(train, test, Enumerable.Range(0, train.Count).ToArray(), Enumerable.Range(0, test.Count).ToArray());
        }
        return Split(config, train);
    }

    /// <summary>
    /// The training records of <paramref name="config"/> taken from an already loaded training source (an auditor's
    /// copy of the committed data): the same records and order as <see cref="Load"/>; a separate test source is not
    /// loaded (its record list is then empty).
    /// </summary>
    /// <exception cref="ProvenantFormatException">As for <see cref="Load"/>.</exception>
    public static TrainingData FromTrainSource(TrainingConfig config, LabelledDataset train)
    {
        ArgumentNullException.ThrowIfNull(config);
        Check(train, config, "dataset.train");
        return config.Dataset.Test is not null ? new TrainingData(train, train, Enumerable.Range(0, train.Count).ToArray(), []) : Split(config, train);
    }

    private static TrainingData Split(TrainingConfig config, LabelledDataset train)
    {
        var d = config.Dataset;
        var order = Enumerable.Range(0, train.Count).ToArray();
        SeedDerivation.Stream(config.Seed, "split", 0).Shuffle(order.AsSpan());
        var testCount = (int)Math.Round(d.TestFraction * train.Count, MidpointRounding.ToEven);
        if (d.TestLimit is { } limit)
        {
            testCount = Math.Min(testCount, limit);
        }
        if (testCount == 0 || testCount == train.Count)
        {
            throw new ProvenantFormatException(config.Source, "dataset.testFraction", "a split leaving at least one training and one test record",
                $"{testCount} of {train.Count} records held out");
        }
        var testRecords = order[..testCount];
        var trainRecords = order[testCount..];
        Array.Sort(testRecords);
        Array.Sort(trainRecords);
        return new TrainingData(train, train, trainRecords, testRecords);
    }

    private static LabelledDataset Check(LabelledDataset data, TrainingConfig config, string field)
    {
        var size = config.Input.Shape.Aggregate(1L, (a, b) => a * b);
        if (data.FeatureCount != size)
        {
            throw new ProvenantFormatException(config.Source, "input.shape",
                $"{data.FeatureCount} values per sample like {field} ({data.Source}, shape [{string.Join(",", data.FeatureShape)}])",
                $"[{string.Join(",", config.Input.Shape)}] = {size}");
        }
        var labels = data.Labels;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= config.Classes)
            {
                throw new ProvenantFormatException(data.Source, $"label of record {i}", $"a class in 0…{config.Classes - 1} (classes in {config.Source})", $"{labels[i]}");
            }
        }
        return data;
    }
}
