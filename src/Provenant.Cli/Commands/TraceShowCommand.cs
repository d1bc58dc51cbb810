using System.CommandLine;
using Provenant.Core.Hashing;
using Provenant.Inference.Tracing;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant trace show trace.bin</c>: the header (digests, root, node count) and the node table; the file is fully checked first.</summary>
internal static class TraceShowCommand
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("TRACE") { Description = "trace.bin written by 'provenant infer --trace'" };
        var cmd = new Command("show", "Print a trace's header and node table (after checking its digests, leaves and root)") { file };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            var trace = TraceFile.Read(path);
            var o = console.Out;
            o.WriteLine($"{path}: execution trace format {trace.Version}, {trace.Nodes.Count} nodes, {new FileInfo(path).Length} bytes, {(HasTensors(path) ? "with every node's output tensors" : "digests only")}");
            o.WriteLine($"model sha256:  {Hex.Encode(trace.ModelDigest)}");
            o.WriteLine($"input digest:  {Hex.Encode(trace.InputDigest)}");
            o.WriteLine($"output digest: {Hex.Encode(trace.OutputDigest)}");
            o.WriteLine($"trace root:    {Hex.Encode(trace.Root)}");
            var opWidth = Math.Max(2, trace.Nodes.Select(n => Op(n).Length).DefaultIfEmpty(0).Max());
            var nameWidth = Math.Max(4, Math.Min(40, trace.Nodes.Select(n => n.Name.Length).DefaultIfEmpty(0).Max()));
            o.WriteLine($"{"id",6}  {"op".PadRight(opWidth)}  {"name".PadRight(nameWidth)}  {"leaf",-16}  outputs");
            foreach (var n in trace.Nodes)
            {
                var outputs = string.Join(" ", n.OutputDigests.Select(d => d is null ? "-" : d.Length == 0 ? "tensor" : Hex.Encode(d)[..16]));
                o.WriteLine($"{n.Id,6}  {Op(n).PadRight(opWidth)}  {n.Name.PadRight(nameWidth)}  {Hex.Encode(n.LeafHash)[..16]}  {outputs}");
            }
            return 0;
        });
        return cmd;
    }

    private static string Op(TraceNode n) => (n.Domain.Length > 0 ? n.Domain + "." : "") + n.OpType;

    /// <summary>Flag bit 0 of a file <see cref="TraceFile.Read(string, bool)"/> has already checked.</summary>
    private static bool HasTensors(string path)
    {
        using var fs = File.OpenRead(path);
        Span<byte> flags = stackalloc byte[4];
        fs.Position = 12;
        fs.ReadExactly(flags);
        return (flags[0] & TraceFormat.FlagTensors) != 0;
    }
}
