using System.Text;
using Provenant.Core.Errors;
using Provenant.Ledger.Witness;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>The add-checkpoint body format (c2sp.org/tlog-witness, "add-checkpoint").</summary>
public class AddCheckpointRequestTests
{
    private readonly TestLog _log = new(size: 40);

    /// <summary>The example request body from tlog-witness.md (its signatures are not ours; only the syntax is checked).</summary>
    private const string SpecExample = """
        old 20852014
        PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
        jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
        5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
        /6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

        example.com/behind-the-sofa
        20852163
        CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

        — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
        — example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=

        """;

    [Fact]
    public void SpecExampleParsesAndFormatsBackIdentically()
    {
        var bytes = Encoding.UTF8.GetBytes(SpecExample.ReplaceLineEndings("\n"));
        var (request, note) = AddCheckpointRequest.Parse(bytes, "spec example");
        Assert.Equal(20852014UL, request.OldSize);
        Assert.Equal(4, request.ConsistencyProof.Count);
        Assert.All(request.ConsistencyProof, h => Assert.Equal(32, h.Length));
        Assert.Equal(2, note.Signatures.Count);
        Assert.StartsWith("example.com/behind-the-sofa\n20852163\n", note.Text);
        Assert.Equal(bytes, request.Format());
    }

    [Fact]
    public void RoundTripWithProof()
    {
        var body = _log.Body(13, 37);
        var (request, _) = AddCheckpointRequest.Parse(body, "test");
        Assert.Equal(13UL, request.OldSize);
        Assert.Equal(_log.Proof(13, 37).Select(Convert.ToBase64String), request.ConsistencyProof.Select(Convert.ToBase64String));
        Assert.Equal(body, request.Format());
    }

    [Fact]
    public void SixtyThreeProofLinesAreAcceptedSixtyFourAreNot()
    {
        var note = _log.Signed(5).ToString();
        var hash = new byte[32];
        var ok = new AddCheckpointRequest(1, Enumerable.Repeat(hash, 63).ToArray(), note).Format();
        Assert.Equal(63, AddCheckpointRequest.Parse(ok, "test").Request.ConsistencyProof.Count);
        Assert.Throws<ArgumentException>(() => new AddCheckpointRequest(1, Enumerable.Repeat(hash, 64).ToArray(), note).Format());
        var tooMany = "old 1\n" + string.Concat(Enumerable.Repeat(Convert.ToBase64String(hash) + "\n", 64)) + "\n" + note;
        Assert.Throws<ProvenantFormatException>(() => AddCheckpointRequest.Parse(Encoding.UTF8.GetBytes(tooMany), "test"));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]   // 31 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // 34 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=")]   // 32 bytes, non-zero padding bits
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]    // no padding
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ")]  // trailing space
    [InlineData(" AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]  // leading space
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-=")]   // base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAÄ=")]   // non-ASCII
    public void MalformedProofLinesAreRejected(string line)
    {
        var body = Encoding.UTF8.GetBytes($"old 1\n{line}\n\n{_log.Signed(5)}");
        Assert.Throws<ProvenantFormatException>(() => AddCheckpointRequest.Parse(body, "test"));
    }

    [Fact]
    public void NonCanonicalSignatureEncodingIsRejected()
    {
        var note = _log.Signed(5).ToString();
        // 4 + 64 signature bytes: the last base64 group is "XYZ=", and Z's two low bits are padding.
        var eq = note.LastIndexOf('=');
        var z = note[eq - 1];
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var paddingBitsSet = note[..(eq - 1)] + alphabet[alphabet.IndexOf(z) | 1] + note[eq..];
        var whitespace = note[..^30] + " " + note[^30..];
        foreach (var variant in new[] { paddingBitsSet, whitespace })
        {
            // Signed notes accept only the canonical base64 spelling of a signature line, and so does a witness request.
            Assert.Throws<ProvenantFormatException>(() => Provenant.Ledger.Notes.SignedNote.Parse(variant, "strict"));
            Assert.Throws<ProvenantFormatException>(() => AddCheckpointRequest.Parse(Encoding.UTF8.GetBytes("old 0\n\n" + variant), "test"));
        }
    }

    [Fact]
    public void NoteWithoutFinalNewlineIsRejected()
    {
        var body = Encoding.UTF8.GetBytes("old 0\n\n" + _log.Signed(5).ToString().TrimEnd('\n'));
        Assert.Throws<ProvenantFormatException>(() => AddCheckpointRequest.Parse(body, "test"));
    }
}
