using System.IO.Compression;
using Provenant.Formats.Datasets;
using Provenant.Training.Audit;
using Provenant.Training.Log;
using Provenant.TestSupport;

namespace Provenant.Training.Tests.Log;

/// <summary>
/// Small logged runs on the real sklearn digits data (../shared/data/datasets/sklearn/digits.csv.gz, decompressed
/// into the temporary folder so that a forger's edited copy can sit beside it under the same relative path).
/// </summary>
internal sealed class LoggedRuns : IDisposable
{
    public LoggedRuns(int trainLimit = 200, int batch = 16, int epochs = 2, int interval = 1, string layers = """{ "type": "dense", "units": 16 }, { "type": "relu" }, { "type": "dense", "units": 10 }""",
        string optimizer = """{ "type": "adam", "learningRate": 0.01 }""")
    {
        Tmp = SharedData.NewTempDir();
        Directory.CreateDirectory(Tmp["honest"]);
        using (var gz = new GZipStream(File.OpenRead(TestConfigs.Digits), CompressionMode.Decompress))
        using (var csv = File.Create(Tmp["honest/digits.csv"]))
        {
            gz.CopyTo(csv);
        }
        ConfigJson = $$"""
            {
              "dataset": { "train": "digits.csv", "testFraction": 0.2, "trainLimit": {{trainLimit}} },
              "input": { "shape": [64], "scale": 0.0625 },
              "layers": [ {{layers}} ],
              "classes": 10,
              "optimizer": {{optimizer}},
              "batchSize": {{batch}}, "epochs": {{epochs}}, "seed": 3
            }
            """;
        Config = Tmp.Write("honest/train.json", ConfigJson);
        Interval = interval;
        Commitment = DatasetCommitter.Commit(Tmp["honest/digits.csv"]);
    }

    public TempDir Tmp { get; }

    public string ConfigJson { get; }

    public string Config { get; }

    public int Interval { get; }

    public DatasetCommitment Commitment { get; }

    private CommittedData? _data;

    public CommittedData Data => _data ??= CommittedData.Load(Commitment);

    /// <summary>Trains into <c>TMP/name</c> (log) and <c>TMP/name.onnx</c> (model).</summary>
    public (TrainingLog Log, string Model) Train(string name, string nonceHex = "01", string? configPath = null)
    {
        var (trainer, log) = TrainingLogWriter.Train(configPath ?? Config, Commitment.RecordsRoot, Commitment.RecordCount,
            Convert.FromHexString(nonceHex), Interval, Tmp[name]);
        var model = Tmp[name + ".onnx"];
        Formats.Onnx.OnnxModelWriter.Write(model, trainer.ExportOnnx(name));
        return (log, model);
    }

    /// <summary>Copies a log directory.</summary>
    public string Copy(string from, string to)
    {
        foreach (var f in Directory.GetFiles(Tmp[from], "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Tmp[to], Path.GetRelativePath(Tmp[from], f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target, true);
        }
        return Tmp[to];
    }

    public AuditReport Audit(string name, string model, double fraction = 1.0, int topQ = 0) =>
        TrainingAuditor.Audit(Tmp[name], Data, model, new AuditOptions(fraction, topQ));

    public void Dispose() => Tmp.Dispose();
}
