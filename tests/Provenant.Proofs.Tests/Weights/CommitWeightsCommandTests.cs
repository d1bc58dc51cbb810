using Provenant.Cli;
using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Proofs.Weights;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Weights;

/// <summary><c>provenant commit-weights</c> end to end.</summary>
public sealed class CommitWeightsCommandTests(QuantizedSamples samples) : IClassFixture<QuantizedSamples>
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e, interactive: false);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Writes_the_commitment_and_prints_its_root_and_time()
    {
        using var tmp = SharedData.NewTempDir();
        var r = Run("commit-weights", samples.DigitsMlp, "--out", tmp["w.json"]);
        Assert.True(r.Code == 0, r.Out + r.Err);
        var written = WeightCommitment.Parse(File.ReadAllBytes(tmp["w.json"]), "w.json");
        Assert.Contains("root: " + written.RootHex, r.Out);
        Assert.Contains("time: ", r.Out);
        Assert.Contains("committed 4 tensors, 4810 parameters in 2^13 slots", r.Out);
        var (direct, _) = WeightCommitment.Commit(ModelGraph.Load(samples.DigitsMlp), "x");
        Assert.Equal(direct.Pcs, written.Pcs);
    }

    [Fact]
    public void A_float_model_or_a_missing_file_is_an_input_error()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(ExitCodes.InputError, Run("commit-weights", QuantizedSamples.DigitsFloat, "--out", tmp["w.json"]).Code);
        Assert.NotEqual(0, Run("commit-weights", tmp["missing.onnx"], "--out", tmp["w.json"]).Code);
        Assert.False(File.Exists(tmp["w.json"]));
        Assert.Equal(ExitCodes.Usage, Run("commit-weights", samples.DigitsMlp).Code);
    }
}
