using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>Pooling, data movement, Softmax and Add.</summary>
public sealed partial class Quantizer
{
    // ---- other operators ----------------------------------------------------------------------

    private void Pool(GraphNode n)
    {
        var x = Need(n.Inputs[0], n);
        if (n.Outputs.Count > 1 && n.Outputs[1].Length > 0)
        {
            throw Unsupported(n, "MaxPool with an Indices output cannot be quantized");
        }
        var name = _out.Fresh(n.Outputs[0] + ".q");
        var attributes = new[] { "kernel_shape", "strides", "pads", "dilations", "ceil_mode", "auto_pad", "count_include_pad" }
            .Where(n.Attributes.Has).Select(a => n.Attributes[a]!).ToArray();
        if (n.OpType == "MaxPool")
        {
            _out.Node(QuantDomain.QMaxPool, n.Name, [x.Name], name, attributes);
        }
        else
        {
            var op = n.OpType == "AveragePool" ? QuantDomain.QAveragePool : QuantDomain.QGlobalAveragePool;
            _out.Node(op, n.Name, [x.Name, _out.Int8(n.Outputs[0] + ".x_zero_point", x.Params.ZeroPoint)], name, attributes);
        }
        _quantized[n.Outputs[0]] = x with { Name = name };
    }

    private void DataMovement(GraphNode n)
    {
        var x = Need(n.Inputs[0], n);
        var name = _out.Fresh(n.Outputs[0] + ".q");
        switch (n.OpType)
        {
            case "Reshape":
                var shape = Const(n, 1, "shape");
                _out.Node("Reshape", n.Name, [x.Name, _out.Constant(n.Outputs[0] + ".shape", Tensor.FromArray(shape.ToInt64Array(), shape.Length))], name,
                    n.Attributes.Has("allowzero") ? [n.Attributes["allowzero"]!] : [], defaultDomain: true);
                break;
            case "Flatten":
                _out.Node("Flatten", n.Name, [x.Name], name, [OnnxAttribute.FromInt("axis", n.Attributes.Int("axis", 1))], defaultDomain: true);
                break;
            case "Transpose":
                _out.Node("Transpose", n.Name, [x.Name], name, n.Attributes.Has("perm") ? [n.Attributes["perm"]!] : [], defaultDomain: true);
                break;
            case "Split":
                Split(n, x);
                return;
            default:
                _out.Node("Identity", n.Name, [x.Name], name, defaultDomain: true);
                break;
        }
        _quantized[n.Outputs[0]] = x with { Name = name };
    }

    /// <summary>ai.onnx Split on int8 (the axis and split sizes as attributes or, from opset 13, a constant input); every part keeps the scale and zero point.</summary>
    private void Split(GraphNode n, QuantizedValue x)
    {
        var inputs = new List<string> { x.Name };
        if (n.HasInput(1))
        {
            var sizes = Const(n, 1, "split");
            inputs.Add(_out.Constant(n.Outputs[0] + ".split", Tensor.FromArray(sizes.ToInt64Array(), sizes.Length)));
        }
        var names = n.Outputs.Select(o => o.Length == 0 ? "" : _out.Fresh(o + ".q")).ToArray();
        var attributes = new[] { "axis", "split", "num_outputs" }.Where(n.Attributes.Has).Select(a => n.Attributes[a]!).ToArray();
        _out.Node("Split", n.Name, [.. inputs], names, attributes, defaultDomain: true);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length > 0)
            {
                _quantized[n.Outputs[i]] = x with { Name = names[i] };
            }
        }
    }

    /// <summary>
    /// Softmax over the last axis → QSoftmax (with the mask of a preceding causal Where): int16 output (scale 1/32767) when
    /// its only use is a graph output, else int8 (scale 1/255, zero point −128) for the operators that follow.
    /// </summary>
    private void Softmax(GraphNode n)
    {
        var input = n.Inputs[0];
        Tensor? mask = null;
        var fill = double.NegativeInfinity;
        if (_softmaxMasks.TryGetValue(input, out var masked))
        {
            (input, mask, fill) = masked;
        }
        var x = Need(input, n);
        var rank = _graph.Values.GetValueOrDefault(n.Outputs[0])?.Shape?.Count ?? _calibration.Shape(n.Outputs[0])?.Count;
        var axis = n.Attributes.Int("axis", n.OpsetVersion >= 13 ? -1 : 1);
        if (!(axis == -1 || (rank is int r && TensorShape.NormalizeAxis(axis, r) == r - 1) || (rank is null && n.OpsetVersion < 13 && axis == 1)))
        {
            throw Unsupported(n, $"Softmax over axis {axis} (only the last axis of the logits is supported)");
        }
        var table = new int[QLookupKernel.TableLength];
        for (var d = 0; d < table.Length; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-d * (double)x.Params.Scale), MidpointRounding.AwayFromZero);
        }
        var output = n.Outputs[0];
        var int8 = !_graphOutputs.Contains(output) || _consumers.ContainsKey(output);
        var name = _out.Fresh(output + ".q");
        List<string> inputs = [x.Name, _out.Constant(output + ".exp_table", Tensor.FromArray(table, table.Length))];
        if (mask is not null)
        {
            // A masked element counts as exp(fill − real max of the row's unmasked elements), one entry per possible max.
            var fillTable = new int[QLookupKernel.TableLength];
            for (var j = 0; j < fillTable.Length; j++)
            {
                var max = QuantArithmetic.DequantizeOutput(j - 128, x.Params.ZeroPoint, x.Params.Scale);
                fillTable[j] = (int)Math.Round(Math.Min(QSoftmaxKernel.MaxEntry, 65536 * Math.Exp(fill - max)), MidpointRounding.AwayFromZero);
            }
            inputs.Add(_out.Constant(output + ".mask", mask));
            inputs.Add(_out.Constant(output + ".mask_table", Tensor.FromArray(fillTable, fillTable.Length)));
        }
        _out.Node(QuantDomain.QSoftmax, n.Name, [.. inputs], name,
            int8 ? [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("to", (long)TensorDataType.Int8)] : [OnnxAttribute.FromInt("axis", -1)]);
        _quantized[output] = int8
            ? new QuantizedValue(name, new ActivationQuantization(1f / QSoftmaxKernel.OneInt8, -128))
            : new QuantizedValue(name, new ActivationQuantization(1f / QSoftmaxKernel.One, 0), TensorDataType.Int16);
    }

    private void Add(GraphNode n)
    {
        var a = Operand(n, 0);
        var b = Operand(n, 1);
        var y = Params(n.Outputs[0], n.ToString());
        var (m, s) = FixedPoint.EncodeShared([a.Params.Scale / (double)y.Scale, b.Params.Scale / (double)y.Scale], n.ToString());
        var relu = !_graphOutputs.Contains(n.Outputs[0]) && SoleConsumer(n.Outputs[0]) is { OpType: "Relu" };
        var output = n.Outputs[0];
        if (relu)
        {
            var r = SoleConsumer(output)!;
            _fused.Add(r.Id);
            output = r.Outputs[0];
            y = Params(output, n.ToString());
            (m, s) = FixedPoint.EncodeShared([a.Params.Scale / (double)y.Scale, b.Params.Scale / (double)y.Scale], n.ToString());
        }
        var name = _out.Fresh(output + ".q");
        _out.Node(QuantDomain.QAdd, n.Name, [a.Name, _out.Int8(output + ".a_zero_point", a.Params.ZeroPoint), b.Name, _out.Int8(output + ".b_zero_point", b.Params.ZeroPoint),
            _out.Constant(output + ".a_multiplier", Tensor.FromArray(new[] { m[0] })), _out.Constant(output + ".b_multiplier", Tensor.FromArray(new[] { m[1] })),
            _out.Int8(output + ".shift", s), _out.Int8(output + ".y_zero_point", y.ZeroPoint)], name, [OnnxAttribute.FromInt("relu", relu ? 1 : 0)]);
        _quantized[output] = new QuantizedValue(name, y);
    }

    /// <summary>An Add operand: an activation, or a constant quantized per tensor into an int8 initializer.</summary>
    private QuantizedValue Operand(GraphNode n, int index)
    {
        var value = n.Inputs[index];
        if (!_constants.TryGetValue(value, out var c))
        {
            return Need(value, n);
        }
        var data = Enumerable.Range(0, c.Length).Select(i => (float)c.GetDouble(i)).ToArray();
        var p = ActivationQuantization.FromRange(ValueRange.Empty.Include(data));
        var q = data.Select(v => QuantArithmetic.QuantizeInput(v, p.Scale, p.ZeroPoint)).ToArray();
        return new QuantizedValue(_out.Constant(value + ".q", Tensor.FromArray(q, [.. c.Shape])), p);
    }
}
