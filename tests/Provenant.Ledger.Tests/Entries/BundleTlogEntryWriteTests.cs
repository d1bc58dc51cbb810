using System.Text.Json;
using Provenant.Ledger.Entries;

namespace Provenant.Ledger.Tests.Entries;

/// <summary>The tlog entry the log server answers with, written with the checkpoint note encoded once per checkpoint.</summary>
public sealed class BundleTlogEntryWriteTests
{
    [Fact]
    public void A_pre_encoded_checkpoint_writes_the_same_bytes_and_parses_back()
    {
        // A note with line feeds, an em dash and a '+' in the key name: all escaped by the default encoder.
        const string note = "log.example/a+b\n7\nq83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=\n\n— log.example/a+b AAAAAQ==\n";
        var entry = new BundleTlogEntry(5, new byte[32], DsseLogEntry.Kind, DsseLogEntry.Version, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 7,
            [new byte[32], Enumerable.Repeat((byte)0xFF, 32).ToArray()], note, "{\"k\":1}"u8.ToArray());
        byte[] Write(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer)) write(w);
            return buffer.WrittenSpan.ToArray();
        }

        var plain = Write(entry.WriteTo);
        var encoded = JsonEncodedText.Encode(note);
        Assert.Equal(plain, Write(w => entry.WriteTo(w, encoded)));
        Assert.Equal(plain, Write(w => entry.WriteTo(w, encoded))); // reusable
        Assert.Contains("\\u2014", System.Text.Encoding.UTF8.GetString(plain)); // escaped by the default encoder, as before
        var back = BundleTlogEntry.Parse(System.Text.Encoding.UTF8.GetString(plain), "answer");
        Assert.Equal(note, back.Checkpoint);
        Assert.Equal(entry.Hashes, back.Hashes);
        Assert.Equal(entry.CanonicalizedBody, back.CanonicalizedBody);
    }
}
