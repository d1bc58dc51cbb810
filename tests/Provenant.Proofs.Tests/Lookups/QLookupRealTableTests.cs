using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Lookups;

/// <summary>
/// A real QLookup table: ../shared/data/models/ezkl-1l_gelu_noappx (exact GELU, quantized with its example input as the
/// calibration set, as the inference tests do) run on the integer engine; its (x, table[x + 128]) pairs are proven with logUp.
/// </summary>
public class QLookupRealTableTests
{
    [Fact]
    public void The_gelu_models_qlookup_pairs_verify_and_a_changed_output_is_rejected()
    {
        var path = SharedData.Get("models/ezkl-1l_gelu_noappx/network.onnx");
        var inputPath = SharedData.Get("models/ezkl-1l_gelu_noappx/input.json");
        var graph = ModelGraph.Load(path);
        var inputs = TensorJson.ReadInputs(File.ReadAllBytes(inputPath), inputPath, graph);
        var calibration = Calibration.Run(new FloatEngine(graph, new EngineOptions(1)), [inputs]);
        var bytes = Provenant.Formats.Onnx.OnnxModelWriter.ToBytes(Quantizer.Quantize(graph, calibration));
        var q = ModelGraph.FromOnnx(Provenant.Formats.Onnx.OnnxModelReader.Parse(bytes, "gelu.q.onnx"), "gelu.q.onnx");
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var qInputs = TensorJson.ReadInputs(File.ReadAllBytes(inputPath), inputPath, q);
        new IntegerEngine(q).Run(qInputs, (node, outs) =>
        {
            for (int i = 0; i < outs.Count; i++)
            {
                if (outs[i] is { } t) values[node.Outputs[i]] = t;
            }
        });
        var lookup = q.Nodes.Single(n => n.Domain == QuantDomain.Name && n.OpType == "QLookup");
        var entries = q.Initializers[lookup.Inputs[2]].AsSpan<sbyte>().ToArray().Select(v => (long)v).ToArray();
        var table = LookupTable.ForQLookup("gelu", entries);
        var x = values[lookup.Inputs[0]].AsSpan<sbyte>().ToArray().Select(v => (long)v).ToArray();
        var y = values[lookup.Outputs[0]].AsSpan<sbyte>().ToArray().Select(v => (long)v).ToArray();
        var layout = new TensorLayout(x.Length);
        Assert.Equal(x.Select(v => entries[v + 128]), y);

        bool Accepted(long[] ys)
        {
            LookupInput[] li = [new(["x", "y"], layout)];
            Goldilocks[][][] cols = [[layout.Pad(x), layout.Pad(ys)]];
            var m = LogUp.Multiplicities(table, li, cols, out _);
            var pt = new Transcript("test/qlookup");
            pt.Absorb<Goldilocks>("m", m);
            var proof = LogUp.Prove(table, "m", li, cols, m, pt).Proof;
            var vt = new Transcript("test/qlookup");
            vt.Absorb<Goldilocks>("m", m);
            var red = LogUp.Verify(table, "m", li, proof, vt);
            var padded = new Goldilocks[256];
            m.CopyTo(padded, 0);
            return red.IsValid && new ClaimOracle().Add("x", layout.Pad(x)).Add("y", layout.Pad(ys)).Add("m", padded).AllHold(red.Claims);
        }
        Assert.True(Accepted(y));
        for (int i = 0; i < y.Length; i++)
        {
            var bad = (long[])y.Clone();
            bad[i] += bad[i] == 127 ? -1 : 1;
            Assert.False(Accepted(bad), $"output {i}");
        }
    }
}
