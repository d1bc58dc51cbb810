using Provenant.Core.Errors;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// The claimant's store of a format-3 claim (<see cref="SegmentedTraceFile"/>, trace.bin version 3): it keeps only the
/// exporting nodes' outputs, reads back to the same commitment and per-node leaves, and rejects every changed,
/// missing or extra byte and a file made for other inputs or another model.
/// </summary>
public sealed class SegmentedTraceFileTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var g in new[] { 0, 1, 2, 3 }) data.Add("digits", g);
        foreach (var g in new[] { 0, 2, 4 }) data.Add("mnist", g);
        return data;
    }

    private static DisputeModel Model(string name) => name == "digits" ? DisputeFixtures.DigitsMlp : DisputeFixtures.MnistCnn;

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_written_store_reads_back_to_the_claims_commitment_and_per_node_leaves(string name, int g)
    {
        var model = Model(name);
        var inputs = DisputeFixtures.RandomInputs(model.Graph, new Random(g + 5));
        var run = model.ClaimSegmented(inputs, g);
        var all = model.ClaimSegmented(inputs, g, keepAllOutputs: true);
        using var tmp = SharedData.NewTempDir();
        SegmentedTraceFile.Write(tmp["t.bin"], run.Trace);
        Assert.True(SegmentedTraceFile.IsSegmented(tmp["t.bin"]));

        var read = model.ReadSegmentedTrace(tmp["t.bin"], inputs);
        Assert.Equal(run.Claim.TraceRoot, read.Root);
        Assert.Equal(run.Claim.OutputDigest, read.OutputDigest);
        Assert.Equal(run.Claim.InputDigest, read.InputDigest);
        Assert.Equal(run.Trace.Segments.ExportingNodes.Count(x => x), read.KeptNodes);
        for (var j = 0; j < read.Segments.Count; j++) Assert.Equal(all.Trace.FineLeaves(j), read.FineLeaves(j));
        for (var k = 0; k < model.Graph.Nodes.Count; k++) Assert.Equal(all.Trace.Entry(k).LeafHash, read.Entry(k).LeafHash);
        // Fewer bytes than a per-node trace with every tensor (unless every node exports).
        TraceFile.Write(tmp["full.bin"], new ExecutionTrace(all.Trace.ModelDigest, all.Trace.InputDigest, all.Trace.OutputDigest,
            Enumerable.Range(0, model.Graph.Nodes.Count).Select(all.Trace.Entry).ToArray(), Enumerable.Range(0, model.Graph.Nodes.Count).Select(all.Trace.Outputs).ToArray()));
        if (read.KeptNodes < model.Graph.Nodes.Count) Assert.True(new FileInfo(tmp["t.bin"]).Length < new FileInfo(tmp["full.bin"]).Length);
        // A per-node reader refuses it with a pointer to the right one.
        var e = Assert.Throws<ProvenantFormatException>(() => TraceFile.Read(tmp["t.bin"]));
        Assert.Contains("segmented claim trace", e.Message);
    }

    [Fact]
    public void Every_changed_missing_or_extra_byte_is_an_error_naming_a_field()
    {
        var model = DisputeFixtures.DigitsMlp;
        var inputs = DisputeFixtures.RandomInputs(model.Graph, new Random(3));
        using var tmp = SharedData.NewTempDir();
        SegmentedTraceFile.Write(tmp["t.bin"], model.ClaimSegmented(inputs, 1).Trace);
        var bytes = File.ReadAllBytes(tmp["t.bin"]);
        Assert.Equal(model.ClaimSegmented(inputs, 1).Claim.TraceRoot, model.ReadSegmentedTrace(tmp["t.bin"], inputs).Root);
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= (byte)(1 << (i % 8));
            File.WriteAllBytes(tmp["x.bin"], changed);
            var e = Assert.Throws<ProvenantFormatException>(() => model.ReadSegmentedTrace(tmp["x.bin"], inputs));
            Assert.Contains(tmp["x.bin"], e.Message);
        }
        for (var n = 0; n < bytes.Length; n++)
        {
            File.WriteAllBytes(tmp["x.bin"], bytes[..n]);
            Assert.Throws<ProvenantFormatException>(() => model.ReadSegmentedTrace(tmp["x.bin"], inputs));
        }
        File.WriteAllBytes(tmp["x.bin"], [.. bytes, 0]);
        Assert.Contains("trailing", Assert.Throws<ProvenantFormatException>(() => model.ReadSegmentedTrace(tmp["x.bin"], inputs)).Message);
    }

    [Fact]
    public void A_store_read_with_other_inputs_or_another_model_is_refused()
    {
        var model = DisputeFixtures.DigitsMlp;
        var inputs = DisputeFixtures.RandomInputs(model.Graph, new Random(3));
        using var tmp = SharedData.NewTempDir();
        SegmentedTraceFile.Write(tmp["t.bin"], model.ClaimSegmented(inputs, 1).Trace);
        var other = DisputeFixtures.RandomInputs(model.Graph, new Random(4));
        Assert.Contains("input_digest", Assert.Throws<ProvenantFormatException>(() => model.ReadSegmentedTrace(tmp["t.bin"], other)).Message);
        var cnn = DisputeFixtures.MnistCnn;
        Assert.Contains("node_count", Assert.Throws<ProvenantFormatException>(() => cnn.ReadSegmentedTrace(tmp["t.bin"], DisputeFixtures.RandomInputs(cnn.Graph, new Random(3)))).Message);
        // A per-node trace file is not a segmented one.
        var full = model.Claim(inputs);
        TraceFile.Write(tmp["v2.bin"], full.Trace);
        Assert.False(SegmentedTraceFile.IsSegmented(tmp["v2.bin"]));
        Assert.Contains("version", Assert.Throws<ProvenantFormatException>(() => model.ReadSegmentedTrace(tmp["v2.bin"], inputs)).Message);
    }
}
