using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Models;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>A real model from ../shared/data/models run once with a trace recorder on one of its example inputs.</summary>
internal sealed record TraceFixture(RealModel Model, ModelGraph Graph, FloatEngine Engine, byte[] ModelDigest,
    Dictionary<string, Tensor> Inputs, TracedRun Run)
{
    public ExecutionTrace Trace => Run.Trace;

    /// <summary>Runs the model; format 2 always keeps the tensors (a version-2 file carries them).</summary>
    public static TraceFixture Create(string name, int threads = 1, bool keepTensors = false, int inputFile = 0, int version = 1)
    {
        var model = RealModel.Named(name);
        var graph = model.Load();
        var engine = new FloatEngine(graph, new EngineOptions(threads));
        var inputs = model.Inputs(graph, model.InputFiles[inputFile]);
        var digest = TraceEncoding.ModelDigest(model.ModelPath);
        var run = TracedInference.Run(engine.Run, graph, digest, inputs, keepTensors: keepTensors || version == 2, version: version);
        return new TraceFixture(model, graph, engine, digest, inputs, run);
    }

    /// <summary>The trace file bytes of <paramref name="trace"/>.</summary>
    public static byte[] Bytes(ExecutionTrace trace)
    {
        using var ms = new MemoryStream();
        TraceFile.Write(ms, trace);
        return ms.ToArray();
    }

    public static ExecutionTrace Read(byte[] bytes, bool loadTensors = false)
    {
        using var ms = new MemoryStream(bytes, writable: false);
        return TraceFile.Read(ms, "trace.bin", loadTensors);
    }

    public TraceVerification Verify(ExecutionTrace trace) => TraceVerifier.Verify(trace, ModelDigest, Graph, Inputs, Engine.Run);
}
