using System.Globalization;
using Provenant.Formats.Onnx;

namespace Provenant.Cli.Commands;

/// <summary>The text view <c>provenant inspect MODEL.onnx</c> prints: IR version, producer, operator sets, graph
/// inputs and outputs, operator counts and the initializer tensor table (name, dtype, shape, bytes).</summary>
public static class OnnxInspectView
{
    /// <summary>Write the view of <paramref name="m"/> to <paramref name="o"/>.</summary>
    public static void Print(TextWriter o, OnnxModel m)
    {
        var g = m.Graph;
        o.WriteLine($"ONNX IR version {m.IrVersion}; producer {(m.ProducerName.Length > 0 ? m.ProducerName + " " + m.ProducerVersion : "(none)")}");
        o.WriteLine("opsets: " + string.Join(", ", m.OpsetImports.Select(x => $"{(x.Domain.Length == 0 ? "ai.onnx" : x.Domain)} {x.Version}")));
        var initializerNames = g.Initializers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var v in g.Inputs.Where(v => !initializerNames.Contains(v.Name)))
        {
            o.WriteLine($"input   {v.Name}  {TypeName(v)} {v.ShapeText}");
        }
        foreach (var v in g.Outputs)
        {
            o.WriteLine($"output  {v.Name}  {TypeName(v)} {v.ShapeText}");
        }
        var ops = g.Nodes.GroupBy(n => (n.Domain.Length > 0 ? n.Domain + "." : "") + n.OpType).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal);
        o.WriteLine($"nodes: {g.Nodes.Count} (" + string.Join(", ", ops.Select(x => $"{x.Key} {x.Count()}")) + ")");
        o.WriteLine($"initializers: {g.Initializers.Count}");
        if (g.Initializers.Count == 0)
        {
            return;
        }
        var width = Math.Min(60, g.Initializers.Max(t => t.Name.Length));
        o.WriteLine($"  {"name".PadRight(width)}  {"dtype",-14} {"shape",-20} {"bytes",12}");
        long total = 0, elements = 0;
        foreach (var t in g.Initializers)
        {
            var bytes = t.DataType == OnnxDataType.String ? t.Strings.Sum(s => (long)s.Length) : t.RawData.Length;
            total += bytes;
            elements += t.ElementCount;
            o.WriteLine($"  {t.Name.PadRight(width)}  {OnnxDataTypes.Name(t.DataType),-14} {t.ShapeText,-20} {bytes.ToString(CultureInfo.InvariantCulture),12}");
        }
        o.WriteLine($"  total: {elements} elements, {total} bytes");
    }

    private static string TypeName(OnnxValueInfo v) =>
        !v.IsTensor ? "(not a tensor)" : v.ElementType is { } t ? OnnxDataTypes.Name(t) : "(type not declared)";
}
