using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Jumbf;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Tests.Jumbf;

public sealed class JumbfReaderTests : SignedAssetTest
{
    private byte[] Store() => new PngContainer().Find(File.ReadAllBytes(Assets.SignedCopy("libpng-test.png")), "png")!.Store.ToArray();

    [Fact]
    public void AWrittenStoreReadsBackWithTheC2paStructure()
    {
        var store = ManifestStore.Parse(Store(), "store");
        Assert.Equal(JumbfUuid.ManifestStore, store.Box.Description.Type);
        Assert.Equal("c2pa", store.Box.Description.Type.ToString());
        var m = store.Active;
        Assert.StartsWith("urn:c2pa:", m.Label);
        Assert.Equal(C2paLabels.ClaimV2, m.ClaimLabel);
        Assert.Equal(JumbfUuid.AssertionStore, m.AssertionStore.Description.Type);
        Assert.All(m.AssertionStore.SuperBoxes, a => Assert.Equal(JumbfDescription.Requestable | JumbfDescription.LabelPresent, a.Description.Toggles));
        Assert.Equal(4, m.AssertionReferences.Count);
    }

    [Fact]
    public void EveryTruncationOfAStoreIsAFormatError()
    {
        var store = Store();
        for (var n = 0; n < store.Length; n += 3)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => ManifestStore.Parse(store.AsMemory(0, n), "truncated"));
            Assert.NotNull(e.Offset);
        }
    }

    [Fact]
    public void ABoxLengthPastTheEndOfItsSuperboxIsRejected()
    {
        var store = Store();
        // The first box inside the store is its jumd at offset 8; claim it is 1 MB long.
        BinaryPrimitives.WriteUInt32BigEndian(store.AsSpan(8), 1 << 20);
        var e = Assert.Throws<ProvenantFormatException>(() => JumbfReader.ReadSuperBox(store, "long"));
        Assert.Contains("past the end", e.Message);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void AnLBoxSmallerThanItsHeaderIsRejected()
    {
        var store = Store();
        BinaryPrimitives.WriteUInt32BigEndian(store.AsSpan(8), 5);
        Assert.Contains("at least 8", Assert.Throws<ProvenantFormatException>(() => JumbfReader.ReadSuperBox(store, "short")).Message);
    }

    [Fact]
    public void ASuperboxNestingBombIsRejectedAtTheBound()
    {
        var box = JumbfWriter.Box("cbor", [0xf6]);
        for (var i = 0; i < 100; i++) box = JumbfWriter.SuperBox(JumbfUuid.Cbor, "x", box);
        Assert.Contains("nesting depth", Assert.Throws<ProvenantFormatException>(() => JumbfReader.ReadSuperBox(box, "bomb")).Message);
    }

    [Fact]
    public void ASuperboxWithoutADescriptionFirstIsRejected()
    {
        var box = JumbfWriter.Box("jumb", JumbfWriter.Box("cbor", [0xf6]));
        Assert.Contains("'jumd' first", Assert.Throws<ProvenantFormatException>(() => JumbfReader.ReadSuperBox(box, "nodesc")).Message);
    }

    [Fact]
    public void ALabelWithoutItsNulTerminatorIsRejected()
    {
        var desc = JumbfWriter.Description(JumbfUuid.Cbor, "label");
        var unterminated = JumbfWriter.Box("jumd", desc.AsSpan(8, desc.Length - 9));
        Assert.Contains("null-terminated", Assert.Throws<ProvenantFormatException>(() => JumbfReader.ReadSuperBox(JumbfWriter.Box("jumb", unterminated), "label")).Message);
    }

    [Fact]
    public void AnXlBoxLengthIsHonouredAndChecked()
    {
        var payload = JumbfWriter.SuperBoxPayload(JumbfUuid.Cbor, "xl", JumbfWriter.Box("cbor", [0xf6]));
        var xl = new byte[payload.Length + 16];
        BinaryPrimitives.WriteUInt32BigEndian(xl, 1);
        "jumb"u8.CopyTo(xl.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(xl.AsSpan(8), (ulong)xl.Length);
        payload.CopyTo(xl, 16);
        var box = JumbfReader.ReadSuperBox(xl, "xl");
        Assert.Equal(16, box.HeaderLength);
        Assert.Equal(payload, box.Payload.ToArray());
        BinaryPrimitives.WriteUInt64BigEndian(xl.AsSpan(8), ulong.MaxValue);
        Assert.Contains("past the end", Assert.Throws<ProvenantFormatException>(() => JumbfReader.ReadSuperBox(xl, "xl")).Message);
    }

    [Fact]
    public void ANonC2paSuperboxIsNotAManifestStore() =>
        Assert.Contains("'c2pa' superbox", Assert.Throws<ProvenantFormatException>(() => ManifestStore.Parse(JumbfWriter.SuperBox(JumbfUuid.Json, "other", JumbfWriter.Box("json", "{}"u8)), "other")).Message);
}
