using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Onnx;

public sealed class OnnxTensorFileTests
{
    [Fact]
    public void Reads_conformance_input_file()
    {
        // test_add/test_data_set_0/input_0.pb: FLOAT [3,4,5] (onnx v1.22.0 backend node test).
        var t = OnnxTensorFile.Read(SharedData.Get("onnx-node-tests", "test_add", "test_data_set_0", "input_0.pb"));
        Assert.Equal(OnnxDataType.Float, t.DataType);
        Assert.Equal([3L, 4L, 5L], t.Dims);
        Assert.Equal(240, t.RawData.Length);
    }

    [Fact]
    public void Write_then_read_round_trips_bytes()
    {
        using var tmp = SharedData.NewTempDir();
        var t = new OnnxTensor("x", OnnxDataType.Int64, [2, 1], new byte[16] { 1, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255 });
        OnnxTensorFile.Write(tmp["x.pb"], t);
        var back = OnnxTensorFile.Read(tmp["x.pb"]);
        Assert.Equal("x", back.Name);
        Assert.Equal(t.RawData.ToArray(), back.RawData.ToArray());
        Assert.Equal(t.Dims, back.Dims);
    }

    [Fact]
    public void Typed_int32_data_of_float16_is_narrowed_to_two_bytes_each()
    {
        var p = new Provenant.Formats.Onnx.Proto.TensorProto { DataType = (int)OnnxDataType.Float16 };
        p.Dims.Add(2);
        p.Int32Data.Add([0x3C00, 0xC000]); // 1.0, -2.0
        var t = OnnxTensorFile.Parse(Google.Protobuf.MessageExtensions.ToByteArray(p), "half.pb");
        Assert.Equal(new byte[] { 0x00, 0x3C, 0x00, 0xC0 }, t.RawData.ToArray());
    }

    [Fact]
    public void Truncated_tensor_file_is_a_format_error()
    {
        var bytes = File.ReadAllBytes(SharedData.Get("onnx-node-tests", "test_add", "test_data_set_0", "input_0.pb"));
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxTensorFile.Parse(bytes[..^7], "cut.pb"));
        Assert.Equal("TensorProto", e.Field);
    }

    [Fact]
    public void Unknown_data_type_is_rejected()
    {
        var p = new Provenant.Formats.Onnx.Proto.TensorProto { DataType = 99 };
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxTensorFile.Parse(Google.Protobuf.MessageExtensions.ToByteArray(p), "bad.pb"));
        Assert.Equal("99", e.Found);
    }
}
