using Provenant.Core.Errors;
using Provenant.Ledger.Provenance;

namespace Provenant.Ledger.Tests.Provenance;

public sealed class DigestKeyTests
{
    [Fact]
    public void A_lowercase_sha256_digest_is_its_32_raw_bytes()
    {
        var hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var key = DigestKey.Encode("sha256:" + hex);
        Assert.Equal(Convert.FromHexString(hex), key);
        Assert.Equal("sha256:" + hex, DigestKey.Decode(key, "test"));
    }

    [Theory]
    [InlineData("gitcommit:0123456789abcdef0123")] // short: padded to 33 bytes
    [InlineData("md5:0123456789abcdef0123456789ab")] // 32 characters: padded to 33, never read as raw
    [InlineData("sha1:0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef")] // sha256 with a short hex: text form
    [InlineData("sha512:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")]
    public void Other_digests_are_zero_padded_text_that_reads_back(string digest)
    {
        var key = DigestKey.Encode(digest);
        Assert.True(key.Length > DigestKey.Sha256Length);
        Assert.EndsWith(digest, System.Text.Encoding.ASCII.GetString(key));
        Assert.Equal(digest, DigestKey.Decode(key, "test"));
    }

    [Fact]
    public void Different_digests_give_different_keys()
    {
        var digests = new[] { "sha256:" + new string('a', 64), "sha256:" + new string('b', 64), "sha256:" + new string('a', 62), "sha384:" + new string('a', 64), "md5:" + new string('0', 28), "md5:" + new string('0', 26) };
        Assert.Equal(digests.Length, digests.Select(d => Convert.ToHexString(DigestKey.Encode(d))).Distinct().Count());
    }

    [Theory]
    [InlineData("SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sha256:abc")]
    [InlineData("nocolon")]
    [InlineData("\0sha1:0123456789abcdef0123")]
    [InlineData("sha256:0123456789abcdef012")] // odd hex count
    public void A_digest_that_is_not_normalized_has_no_key(string digest)
    {
        Assert.Null(DigestKey.TryEncode(digest));
        Assert.False(DigestKey.IsNormalized(digest));
        Assert.Equal(StatementLinks.Normalize(digest) == digest, DigestKey.IsNormalized(digest));
        Assert.Throws<ArgumentException>(() => DigestKey.Encode(digest));
        Assert.Throws<ArgumentException>(() => new SubjectLink(digest, SubjectRelation.Subject, "x"));
    }

    [Fact]
    public void IsNormalized_agrees_with_Normalize()
    {
        var rng = new Random(7);
        const string alphabet = "aAfF09:-_zZ.";
        for (var i = 0; i < 5000; i++)
        {
            var s = new string([.. Enumerable.Range(0, rng.Next(1, 60)).Select(_ => alphabet[rng.Next(alphabet.Length)])]);
            if (rng.Next(2) == 0) s = "sha1:" + s;
            Assert.Equal(StatementLinks.Normalize(s) == s, DigestKey.IsNormalized(s));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("00112233")] // too short for either form
    [InlineData("000000000000000000000000000000000000000000000000000000000000000000")] // 33 zero bytes
    public void A_corrupt_stored_key_is_a_format_error(string hex)
    {
        var e = Assert.Throws<ProvenantFormatException>(() => DigestKey.Decode(Convert.FromHexString(hex), "sqlite:/x.db"));
        Assert.Contains("prov_subjects.digest", e.Message);
    }

    [Fact]
    public void A_sha256_digest_stored_as_text_or_overpadded_text_is_a_format_error()
    {
        // Both would read back as digests, but never come from Encode: a second key for one digest would split its rows.
        var text = System.Text.Encoding.ASCII.GetBytes("sha256:" + new string('a', 64));
        Assert.Throws<ProvenantFormatException>(() => DigestKey.Decode(text, "test"));
        var overpadded = new byte[40];
        System.Text.Encoding.ASCII.GetBytes("gitcommit:0123456789abcdef0123", overpadded.AsSpan(10));
        Assert.Throws<ProvenantFormatException>(() => DigestKey.Decode(overpadded, "test"));
    }
}
