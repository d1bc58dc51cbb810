using System.Diagnostics;
using Provenant.Inference.Tracing;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>
/// Tracing must not change results, and its cost is reported: median wall time of plain inference, traced inference
/// (digests only) and traced inference streaming every tensor to a file, interleaved, on nanoGPT with one thread.
/// </summary>
public sealed class TraceOverheadTests(ITestOutputHelper output)
{
    [Fact]
    public void Traced_nanoGPT_gives_the_plain_outputs_and_reports_the_overhead()
    {
        var f = TraceFixture.Create("ezkl-nanoGPT", threads: 1);
        var path = Path.Combine(Path.GetTempPath(), $"provenant-trace-overhead-{Guid.NewGuid():N}.bin");
        var plain = new List<double>();
        var traced = new List<double>();
        var worker = new List<double>();
        var withTensors = new List<double>();
        try
        {
            for (var i = 0; i < 15; i++)
            {
                var sw = Stopwatch.StartNew();
                var outputs = f.Engine.Run(f.Inputs);
                plain.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                var run = TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs);
                traced.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                var background = TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, hashOnWorker: true);
                worker.Add(sw.Elapsed.TotalMilliseconds);
                Assert.Equal(f.Trace.Root, background.Trace.Root);
                sw.Restart();
                using (var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
                {
                    TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, fs, includeTensors: true, hashOnWorker: true);
                }
                withTensors.Add(sw.Elapsed.TotalMilliseconds);
                Assert.Equal(f.Trace.Root, run.Trace.Root);
                foreach (var (name, t) in run.Outputs)
                {
                    Assert.Equal(outputs[name].ToBytes(), t.ToBytes());
                }
            }
            var size = new FileInfo(path).Length;
            double p = Median(plain), t1 = Median(traced), tw = Median(worker), t2 = Median(withTensors);
            output.WriteLine($"nanoGPT ({f.Trace.Nodes.Count} nodes), 1 engine thread, median of 15: plain {p:F1} ms; traced inline {t1:F1} ms (+{100 * (t1 - p) / p:F1}%); " +
                $"traced on a worker thread {tw:F1} ms (+{100 * (tw - p) / p:F1}%); worker + tensors to file {t2:F1} ms (+{100 * (t2 - p) / p:F1}%), {size} bytes; " +
                $"digest-only trace file {TraceFixture.Bytes(f.Trace).Length} bytes");
            Assert.Equal(TraceFixture.Bytes(TraceFixture.Create("ezkl-nanoGPT", keepTensors: true).Trace), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
