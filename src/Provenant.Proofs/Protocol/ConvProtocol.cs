using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QConv (group 1) as an im2col matrix product, three steps:
/// (1) wiring from Y [N, M, O…] to the product P [N·positions, M] (a transpose);
/// (2) <see cref="MatMulGadget"/>: P = (Col − z)·W'ᵀ + bias, with W' [M, J'] the weights in their own per-axis padded
/// layout (J' = the padded C × kernel extent, so a claim on W' is a claim on W [M, C, k…]) and Col [N·positions, J'];
/// (3) wiring from Col to X: Col[(n, o), (c, κ)] = X[n, c, o·stride − pad + κ·dilation], or z in the padding and at padded
/// (c, κ) (where W' is 0).
/// </summary>
internal sealed class ConvProtocol : LayerProtocol
{
    private readonly ConvLayer _layer;
    private readonly string _x, _product, _columns;
    private readonly int _rows, _inner;
    private readonly Wiring _toProduct, _toInput;
    private readonly MatMulStatement _statement;
    private readonly CircuitTensor _weight;

    public ConvProtocol(ConvLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        var y = circuit.Tensors[layer.Output];
        _weight = circuit.Tensors[layer.Weight];
        _x = x.Name;
        _product = y.Name + "/im2col-product";
        _columns = y.Name + "/im2col";
        int positions = layer.Positions, m = layer.OutChannels;
        _rows = layer.Batch * positions;
        _inner = _weight.PaddedShape.Skip(1).Aggregate(1, (a, d) => a * d);
        var productMap = new int[y.Length];
        for (int n = 0, i = 0; n < layer.Batch; n++)
        {
            for (int c = 0; c < m; c++)
            {
                for (int p = 0; p < positions; p++, i++) productMap[i] = (n * positions + p) * m + c;
            }
        }
        _toProduct = new Wiring(ProverTables.Layout(y), new TensorLayout(_rows, m), productMap, 0);
        _toInput = new Wiring(new TensorLayout(_rows, _inner), ProverTables.Layout(x), ColumnMap(), layer.ZeroPoint);
        _statement = new MatMulStatement(_columns, _weight.Name, layer.Bias >= 0 ? circuit.Tensors[layer.Bias].Name : null,
            _rows, _inner, m, WeightsTransposed: true, AZeroPoint: layer.ZeroPoint);
    }

    /// <summary>For every Col element (row-major [N·positions, J']), the X element it reads or −1.</summary>
    private int[] ColumnMap()
    {
        int positions = _layer.Positions, kernel = _layer.KernelSize, channels = _layer.Channels;
        var map = new int[_rows * _inner];
        Array.Fill(map, -1);
        var wt = _weight;
        for (int n = 0; n < _layer.Batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int t = 0; t < kernel; t++)
                {
                    // Row-major index of (m = 0, c, κ) in W [M, C, k…] → its padded index = the padded inner column j'.
                    int column = wt.PaddedIndex(c * kernel + t);
                    for (int p = 0; p < positions; p++)
                    {
                        map[(n * positions + p) * _inner + column] = _layer.Im2Col[((n * channels + c) * kernel + t) * positions + p];
                    }
                }
            }
        }
        return map;
    }

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var x = tables.Values(_layer.Inputs[0]);
        long[] product = new long[_rows * _layer.OutChannels];
        var y = tables.Values(_layer.Output);
        for (int i = 0; i < y.Length; i++) product[_toProduct.Map[i]] = y[i];
        var step1 = WiringGadget.Prove(_toProduct, _product, _toProduct.Source.Pad(product), output, transcript);
        var columns = _toInput.Apply(x);
        var weights = new long[_layer.OutChannels * _inner];
        var w = tables.Values(_layer.Weight);
        int perChannel = _weight.Length / _layer.OutChannels;
        for (int i = 0; i < w.Length; i++) weights[i / perChannel * _inner + _weight.PaddedIndex(i % perChannel)] = w[i];
        var bias = _layer.Bias >= 0 ? tables.Field(_layer.Bias) : [];
        var step2 = MatMulGadget.Prove(_statement, ProverTables.Embed(columns), ProverTables.Embed(weights), bias, step1.Claims[0], transcript);
        var colClaim = step2.Claims[0];
        var step3 = WiringGadget.Prove(_toInput, _x, tables.Padded(_layer.Inputs[0]), colClaim, transcript);
        return ([WiringMessages.ToMessages(step1.Proof), MatMulMessages.ToMessages(step2.Proof), WiringMessages.ToMessages(step3.Proof)],
            [step3.Claims[0], .. step2.Claims.Skip(1)]);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        string what = $"Conv {_layer.Node}";
        var m1 = steps.Take(1, 1, what, out var reason);
        if (m1 is null) return ClaimReduction.Rejected(reason);
        var r1 = WiringGadget.Verify(_toProduct, _product, output, WiringMessages.FromMessages(m1), transcript);
        if (!r1.IsValid) return r1;
        var m2 = steps.Take(1, 3, what, out reason);
        if (m2 is null) return ClaimReduction.Rejected(reason);
        var r2 = MatMulGadget.Verify(_statement, r1.Claims[0], MatMulMessages.FromMessages(m2), transcript);
        if (!r2.IsValid) return r2;
        var m3 = steps.Take(1, 1, what, out reason);
        if (m3 is null) return ClaimReduction.Rejected(reason);
        var r3 = WiringGadget.Verify(_toInput, _x, r2.Claims[0], WiringMessages.FromMessages(m3), transcript);
        if (!r3.IsValid) return r3;
        return ClaimReduction.Reduced([r3.Claims[0], .. r2.Claims.Skip(1)]);
    }
}
