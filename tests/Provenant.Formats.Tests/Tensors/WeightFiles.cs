using System.Buffers.Binary;
using System.Text;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Tensors;

/// <summary>Builds small weight files byte by byte (for bad-input tests) and points at the shared real ones.</summary>
internal static class WeightFiles
{
    public static string Shared(params string[] parts) => SharedData.Get(["weights", .. parts]);

    public static IEnumerable<string> SharedSafetensors() =>
        Directory.GetFiles(Shared("safetensors"), "*.safetensors", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>u64 LE header length ‖ header ‖ data, exactly as the format lays it out (no padding added).</summary>
    public static byte[] Safetensors(string headerJson, byte[] data) => Safetensors(Encoding.UTF8.GetBytes(headerJson), data);

    public static byte[] Safetensors(byte[] header, byte[] data)
    {
        var b = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)header.Length);
        header.CopyTo(b, 8);
        data.CopyTo(b, 8 + header.Length);
        return b;
    }

    public static byte[] Bytes(int n, int seed = 1)
    {
        var b = new byte[n];
        for (var i = 0; i < n; i++) b[i] = (byte)(i * 31 + seed);
        return b;
    }
}

/// <summary>Writes GGUF v3 files field by field (GGUF specification, "File Structure"), with hooks to write wrong values.</summary>
internal sealed class GgufBuilder
{
    private readonly List<Action<BinaryWriter>> _kv = [];
    private readonly List<Action<BinaryWriter>> _tensors = [];

    public byte[] MagicBytes { get; set; } = "GGUF"u8.ToArray();

    public uint Version { get; set; } = 3;

    public ulong? TensorCount { get; set; }

    public ulong? KvCount { get; set; }

    public uint Alignment { get; set; } = 32;

    public byte[] Data { get; set; } = [];

    public GgufBuilder Kv(string key, uint type, Action<BinaryWriter> value)
    {
        _kv.Add(w =>
        {
            Str(w, key);
            w.Write(type);
            value(w);
        });
        return this;
    }

    public GgufBuilder KvString(string key, string value) => Kv(key, 8, w => Str(w, value));

    public GgufBuilder KvU32(string key, uint value) => Kv(key, 4, w => w.Write(value));

    public GgufBuilder Tensor(string name, ulong[] dims, uint type, ulong offset)
    {
        _tensors.Add(w =>
        {
            Str(w, name);
            w.Write((uint)dims.Length);
            foreach (var d in dims) w.Write(d);
            w.Write(type);
            w.Write(offset);
        });
        return this;
    }

    public GgufBuilder RawTensor(Action<BinaryWriter> write)
    {
        _tensors.Add(write);
        return this;
    }

    public byte[] Build()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(MagicBytes);
            w.Write(Version);
            w.Write(TensorCount ?? (ulong)_tensors.Count);
            w.Write(KvCount ?? (ulong)_kv.Count);
            foreach (var k in _kv) k(w);
            foreach (var t in _tensors) t(w);
            w.Flush();
            while (ms.Length % Alignment != 0) w.Write((byte)0);
            w.Write(Data);
        }
        return ms.ToArray();
    }

    public static void Str(BinaryWriter w, string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)b.Length);
        w.Write(b);
    }
}
