using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Formats.Onnx;
using Provenant.Formats.Tensors;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant inspect FILE [--json]</c>: for an ONNX model, print <see cref="OnnxInspectView"/>; otherwise validate a weight file (any format of <see cref="TensorFormatList"/>,
/// recognised by magic bytes or extension) and print its format details, metadata and tensor table
/// (name, dtype, shape, file offset, bytes). Exit 3 for an unrecognised or malformed file.</summary>
public sealed class InspectCommand : ICliCommand
{
    private const int MaxValueChars = 100;

    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "Weight file (.safetensors, .gguf) or ONNX model (.onnx)" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var cmd = new Command("inspect", "Validate a weight file and print its metadata and tensor table") { file, json };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                if (r.GetValue(json)) throw new UsageException($"{path}: --json is for weight files (.safetensors, .gguf); ONNX models print as text");
                OnnxInspectView.Print(console.Out, OnnxModelReader.Read(path));
                return 0;
            }
            using var source = TensorFormatList.Open(path);
            if (r.GetValue(json)) console.Out.WriteLine(ToJson(source).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else WriteText(source, console.Out);
            return 0;
        });
        return cmd;
    }

    /// <summary>The JSON form: <c>{file, format, fileBytes, details{}, metadata[{key, type, value}], tensors[{name, dtype, shape, offset, bytes}]}</c>.</summary>
    public static JsonObject ToJson(ITensorSource source)
    {
        var details = new JsonObject();
        foreach (var (k, v) in source.Details) details[k] = v;
        var metadata = new JsonArray();
        foreach (var m in source.Metadata) metadata.Add(new JsonObject { ["key"] = m.Key, ["type"] = m.Type, ["value"] = m.Value?.DeepClone() });
        var tensors = new JsonArray();
        foreach (var t in source.Tensors)
        {
            tensors.Add(new JsonObject
            {
                ["name"] = t.Name,
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["offset"] = t.FileOffset,
                ["bytes"] = t.ByteLength,
            });
        }
        return new JsonObject
        {
            ["file"] = source.Path,
            ["format"] = source.Format,
            ["fileBytes"] = source.FileLength,
            ["details"] = details,
            ["metadata"] = metadata,
            ["tensors"] = tensors,
        };
    }

    private static void WriteText(ITensorSource source, TextWriter o)
    {
        o.WriteLine($"{source.Path}: {source.Format}, {source.FileLength} bytes");
        foreach (var (k, v) in source.Details) o.WriteLine($"  {k}: {v}");
        o.WriteLine($"metadata ({source.Metadata.Count}):");
        foreach (var m in source.Metadata)
        {
            var value = m.Value?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
            if (value.Length > MaxValueChars) value = value[..MaxValueChars] + "…";
            o.WriteLine($"  {m.Key} ({m.Type}) = {value}");
        }
        var total = source.Tensors.Sum(t => t.ByteLength);
        o.WriteLine($"tensors ({source.Tensors.Count}, {total} data bytes):");
        if (source.Tensors.Count == 0) return;
        var rows = source.Tensors.Select(t => new[]
        {
            t.Name, t.DType, t.ShapeText, t.FileOffset?.ToString(CultureInfo.InvariantCulture) ?? "-", t.ByteLength.ToString(CultureInfo.InvariantCulture),
        }).Prepend(["name", "dtype", "shape", "offset", "bytes"]).ToList();
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(row => row[i].Length)).ToArray();
        foreach (var row in rows)
        {
            o.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i >= 3 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
