using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Inference.Tracing;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>trace.bin round trips, streams byte-identically, and rejects corruption with errors naming offset and field.</summary>
public sealed class TraceFileTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("ezkl-self_attention", false, 1)]
    [InlineData("ezkl-self_attention", true, 1)]
    [InlineData("wonnx-opt-mnist", true, 1)]
    [InlineData("ezkl-self_attention", true, 2)]
    [InlineData("wonnx-opt-mnist", true, 2)]
    public void Round_trips_through_a_file(string name, bool tensors, int version)
    {
        var f = TraceFixture.Create(name, keepTensors: tensors, version: version);
        using var tmp = SharedData.NewTempDir();
        TraceFile.Write(tmp["trace.bin"], f.Trace);
        var back = TraceFile.Read(tmp["trace.bin"], loadTensors: true);
        output.WriteLine($"{name} tensors={tensors}: {new FileInfo(tmp["trace.bin"]).Length} bytes, {back.Nodes.Count} nodes");
        Assert.Equal(f.Trace.Root, back.Root);
        Assert.Equal(version, back.Version);
        Assert.Equal(f.Trace.LeafHashes, back.LeafHashes);
        Assert.Equal(f.Trace.ModelDigest, back.ModelDigest);
        Assert.Equal(f.Trace.InputDigest, back.InputDigest);
        Assert.Equal(f.Trace.OutputDigest, back.OutputDigest);
        Assert.Equal(f.Trace.Nodes.Select(n => (n.Id, n.Domain, n.OpType, n.OpsetVersion, n.Name)), back.Nodes.Select(n => (n.Id, n.Domain, n.OpType, n.OpsetVersion, n.Name)));
        Assert.Equal(tensors, back.Tensors is not null);
        if (back.Tensors is { } ts)
        {
            for (var i = 0; i < ts.Count; i++)
            {
                for (var j = 0; j < ts[i].Count; j++)
                {
                    Assert.Equal(f.Trace.Tensors![i][j]!.ToBytes(), ts[i][j]!.ToBytes());
                    Assert.Equal(f.Trace.Tensors[i][j]!.Shape, ts[i][j]!.Shape);
                }
            }
        }
        Assert.True(f.Verify(back).IsValid);
    }

    [Fact]
    public void Streaming_during_the_run_writes_the_same_bytes_as_writing_afterwards()
    {
        var f = TraceFixture.Create("ezkl-tutorial", keepTensors: true);
        using var streamed = new MemoryStream();
        var run = TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, streamed, includeTensors: true);
        Assert.Equal(TraceFixture.Bytes(f.Trace), streamed.ToArray());
        using var background = new MemoryStream();
        TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, background, includeTensors: true, hashOnWorker: true);
        Assert.Equal(streamed.ToArray(), background.ToArray());
        Assert.Null(run.Trace.Tensors);
        Assert.Equal(f.Trace.Root, run.Trace.Root);
        // Format 2 streams the same bytes as it writes afterwards too, inline and on the worker.
        var v2 = TraceFixture.Create("ezkl-tutorial", version: 2);
        using var streamed2 = new MemoryStream();
        TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, streamed2, includeTensors: true, version: 2);
        Assert.Equal(TraceFixture.Bytes(v2.Trace), streamed2.ToArray());
        using var background2 = new MemoryStream();
        TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, background2, includeTensors: true, hashOnWorker: true, version: 2);
        Assert.Equal(streamed2.ToArray(), background2.ToArray());
        Assert.Throws<ArgumentException>(() => TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, f.Inputs, new MemoryStream(), includeTensors: false, version: 2));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public void Every_single_byte_change_is_rejected_by_the_reader_or_the_verifier(bool tensors, int version)
    {
        var f = TraceFixture.Create("ezkl-1l_gelu_noappx", keepTensors: tensors, version: version);
        var bytes = TraceFixture.Bytes(f.Trace);
        Assert.True(f.Verify(TraceFixture.Read(bytes)).IsValid);
        int byReader = 0, byVerifier = 0;
        foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var changed = (byte[])bytes.Clone();
                changed[i] ^= mask;
                ExecutionTrace trace;
                try
                {
                    trace = TraceFixture.Read(changed, loadTensors: true);
                }
                catch (ProvenantFormatException)
                {
                    byReader++;
                    continue;
                }
                var v = f.Verify(trace);
                Assert.False(v.IsValid, $"flipping byte {i} with 0x{mask:x2} was accepted");
                byVerifier++;
            }
        }
        output.WriteLine($"{bytes.Length}-byte trace (format {version}, tensors={tensors}), 3 masks: {byReader} changes rejected by the reader, {byVerifier} by the verifier");
        Assert.True(byVerifier > 0, "the header digests are only checked by the verifier, so some flips must reach it");
    }

    [Fact]
    public void Every_truncation_is_a_format_error()
    {
        var bytes = TraceFixture.Bytes(TraceFixture.Create("ezkl-1l_gelu_noappx", keepTensors: true).Trace);
        for (var n = 0; n < bytes.Length; n++)
        {
            Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(bytes[..n]));
        }
        var e = Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read([.. bytes, 0]));
        Assert.Equal("end of file", e.Field);
    }

    [Fact]
    public void Truncated_file_names_the_field_and_offset()
    {
        var bytes = TraceFixture.Bytes(TraceFixture.Create("ezkl-1l_mlp").Trace);
        var e = Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(bytes[..150]));
        Assert.Equal(("node_count", 112L), (e.Field, e.Offset!.Value));
        Assert.Contains("remaining 34 bytes", e.Message);
        var root = Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(bytes[..^1]));
        Assert.Equal(("root", bytes.Length - 32L), (root.Field, root.Offset!.Value));
        Assert.Contains("truncated", root.Message);
    }

    [Fact]
    public void Bad_magic_unknown_version_and_unknown_flags_are_named()
    {
        var bytes = TraceFixture.Bytes(TraceFixture.Create("ezkl-1l_mlp").Trace);
        var magic = (byte[])bytes.Clone();
        magic[1] = (byte)'X';
        Assert.Equal("magic", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(magic)).Field);
        var version = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 3);
        var ve = Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(version));
        Assert.Equal(("version", 8L, "3"), (ve.Field, ve.Offset!.Value, ve.Found));
        Assert.Contains("version 1 or 2", ve.Message);
        // A digests-only file relabelled as version 2: its leaves would need the tensors it does not carry.
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 2);
        var v2 = Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(version));
        Assert.Equal(("flags", 12L), (v2.Field, v2.Offset!.Value));
        var flags = (byte[])bytes.Clone();
        flags[12] = 0x02;
        Assert.Equal("flags", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(flags)).Field);
        Assert.Equal("magic", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read([1, 2, 3])).Field);
    }

    [Fact]
    public void Huge_counts_are_rejected_before_allocating()
    {
        var bytes = TraceFixture.Bytes(TraceFixture.Create("ezkl-1l_mlp", keepTensors: true).Trace);
        var nodes = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(nodes.AsSpan(112), uint.MaxValue);
        var ne = Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(nodes));
        Assert.Equal(("node_count", 112L), (ne.Field, ne.Offset!.Value));

        // node 0 record: id(4) domain(4+0) op_type(4+len) opset(4) name(4+len) output_count(4)
        var at = TraceFormat.HeaderSize + 4;
        var domainLength = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(domainLength.AsSpan(at), 0x7FFFFFFF);
        Assert.Equal("node[0].domain.length", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(domainLength)).Field);
        at += 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        at += 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) + 4;
        at += 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        var outputs = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(outputs.AsSpan(at), 1_000_000);
        Assert.Equal("node[0].output_count", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(outputs)).Field);
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        var tensorAt = at + 4 + count * 33 + 32; // each output here is present: flag + digest
        var rank = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(rank.AsSpan(tensorAt + 4), 1000);
        Assert.Equal("node[0].tensor[0].rank", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(rank)).Field);
        var dim = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(dim.AsSpan(tensorAt + 8), ulong.MaxValue);
        Assert.Equal("node[0].tensor[0].dims[0]", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(dim)).Field);
        var dtype = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(dtype.AsSpan(tensorAt), 8); // STRING
        Assert.Equal("node[0].tensor[0].dtype", Assert.Throws<ProvenantFormatException>(() => TraceFixture.Read(dtype)).Field);
    }
}
