using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Ledger.Notes;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Notes;

/// <summary>Signed-note vectors from golang.org/x/mod sumdb/note and the C2SP spec (../shared/data/tlog-vectors/signed-note).</summary>
public sealed class SignedNoteVectorTests
{
    private static JsonNode Vectors => JsonNode.Parse(File.ReadAllText(SharedData.Get("tlog-vectors", "signed-note", "signed-note-vectors.json")))!;

    public static TheoryData<string> ValidIds() => new(Vectors["valid"]!.AsArray().Select(v => (string)v!["id"]!));

    public static TheoryData<string> InvalidIds() => new(Vectors["invalid"]!.AsArray().Select(v => (string)v!["id"]!));

    private static JsonNode Case(string section, string id) => Vectors[section]!.AsArray().Single(v => (string)v!["id"]! == id)!;

    [Theory]
    [MemberData(nameof(ValidIds))]
    public void Valid_notes_verify_with_the_expected_signers(string id)
    {
        var c = Case("valid", id);
        var keys = c["verifier_keys"]!.AsArray().Select(k => NoteVerifierKey.Parse((string)k!)).ToList();
        var note = SignedNote.Parse((string)c["note"]!, id);
        Assert.Equal((string)c["text"]!, note.Text);
        var v = note.Verify(keys);
        Assert.True(v.IsValid, v.Result.Reason);
        Assert.Equal(c["verified_signers"]!.AsArray().Select(s => (string)s!), v.VerifiedBy.Select(k => k.Name));
        var unverified = c["unverified_signers"]?.AsArray().Select(s => (string)s!).ToArray() ?? [];
        Assert.Equal(unverified, v.Unverified.Select(s => s.KeyName));
        Assert.Equal((string)c["note"]!, note.ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void Invalid_notes_are_rejected_with_the_reference_reason(string id)
    {
        var c = Case("invalid", id);
        var keys = c["verifier_keys"]!.AsArray().Select(k => NoteVerifierKey.Parse((string)k!)).ToList();
        var expect = (string)c["expect"]!;
        string reason;
        try
        {
            var v = SignedNote.Parse((string)c["note"]!, id).Verify(keys);
            Assert.False(v.IsValid);
            reason = v.Result.Reason;
        }
        catch (ProvenantFormatException e)
        {
            reason = e.Message;
        }
        var keyPhrase = expect.StartsWith("malformed note", StringComparison.Ordinal) ? "at most 100 signature lines" : expect;
        Assert.Contains(keyPhrase, reason);
    }

    [Fact]
    public void Invalid_verifier_keys_are_rejected()
    {
        foreach (var k in Vectors["invalid_verifier_keys"]!.AsArray())
        {
            Assert.Throws<FormatException>(() => NoteVerifierKey.Parse((string)k!["key"]!));
        }
    }

    [Fact]
    public void Signer_keys_round_trip_and_sign_what_the_reference_verifies()
    {
        foreach (var k in Vectors["keys"]!.AsArray().Where(k => k!["signer_key"] is not null))
        {
            var signer = Ed25519NoteSigner.ParsePrivateKey((string)k!["signer_key"]!);
            Assert.Equal((string)k["verifier_key"]!, signer.Verifier.ToString());
            Assert.Equal((string)k["signer_key"]!, signer.ToPrivateKeyString());
            Assert.DoesNotContain("PRIVATE", signer.ToString());
            var note = SignedNote.Sign("hello\n", signer);
            Assert.True(SignedNote.Parse(note.ToString(), "t").Verify([NoteVerifierKey.Parse((string)k["verifier_key"]!)]).IsValid);
        }
    }

    [Fact]
    public void Every_single_byte_change_of_a_signed_note_is_rejected()
    {
        var c = Case("valid", "c2sp-spec-example");
        var key = NoteVerifierKey.Parse((string)c["verifier_keys"]![0]!);
        var bytes = System.Text.Encoding.UTF8.GetBytes((string)c["note"]!);
        for (var i = 0; i < bytes.Length; i++)
        {
            var m = (byte[])bytes.Clone();
            m[i] ^= 0x01;
            bool ok;
            try { ok = SignedNote.Parse(m, "mutated").Verify([key]).IsValid; }
            catch (ProvenantFormatException) { ok = false; }
            Assert.False(ok, $"byte {i} flipped still verified");
        }
    }

    [Fact]
    public void Cosignatures_verify_and_bind_timestamp_and_text()
    {
        var cosigner = CosignatureV1Signer.Generate("witness.example/w1", new FixedClock(1679315147));
        var text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        var sig = cosigner.Sign(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Equal(72, sig.Signature.Length);
        Assert.Equal(1679315147UL, CosignatureV1.Timestamp(sig.Signature));
        var v = cosigner.Verifier;
        Assert.True(v.Verify(System.Text.Encoding.UTF8.GetBytes(text), sig.Signature));
        Assert.False(v.Verify(System.Text.Encoding.UTF8.GetBytes(text.Replace("63", "64")), sig.Signature));
        var tampered = (byte[])sig.Signature.Clone();
        tampered[7] ^= 1; // timestamp
        Assert.False(v.Verify(System.Text.Encoding.UTF8.GetBytes(text), tampered));
        // Same key material as a type-0x01 key gets a different key ID.
        Assert.NotEqual(NoteKeyId.Compute(cosigner.Name, NoteKeyId.Ed25519, cosigner.PublicKey), cosigner.KeyId);
        Assert.Equal(v.ToString(), NoteVerifierKey.Parse(v.ToString()).ToString());
    }

    private sealed class FixedClock(long seconds) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
