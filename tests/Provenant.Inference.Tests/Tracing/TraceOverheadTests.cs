using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>
/// Tracing must not change results: plain inference, traced inference (inline and with hashing on a worker thread)
/// and traced inference streaming every tensor to a file give the same outputs, the same trace root and the same
/// trace bytes, on nanoGPT. (Tracing's time cost is a benchmark's business, not a unit test's.)
/// </summary>
public sealed class TraceOverheadTests
{
    [Fact]
    public void Traced_nanoGPT_gives_the_plain_outputs_in_every_tracing_mode()
    {
        var f = TraceFixture.Create("ezkl-nanoGPT", threads: 1);
        var path = Path.Combine(Path.GetTempPath(), $"provenant-trace-modes-{Guid.NewGuid():N}.bin");
        try
        {
            var outputs = f.Engine.Run(f.Inputs);
            var run = TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs);
            var background = TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, hashOnWorker: true);
            Assert.Equal(f.Trace.Root, run.Trace.Root);
            Assert.Equal(f.Trace.Root, background.Trace.Root);
            foreach (var (name, t) in run.Outputs)
            {
                Assert.Equal(outputs[name].ToBytes(), t.ToBytes());
            }
            using (var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            {
                TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, fs, includeTensors: true, hashOnWorker: true);
            }
            Assert.Equal(TraceFixture.Bytes(TraceFixture.Create("ezkl-nanoGPT", keepTensors: true).Trace), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
