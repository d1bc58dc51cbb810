using System.Security.Cryptography;
using System.Text;
using Provenant.Credentials.Cose;

namespace Provenant.Credentials.Tests.Cose;

/// <summary>cose-wg/Examples sign1-tests (TestData/cose-wg-sign1.txt).</summary>
public sealed class CoseWgExampleTests
{
    // The examples' JWK (kid "11"): x and y of the P-256 public key, base64url.
    private const string X = "usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8";
    private const string Y = "IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4";
    private static readonly byte[] Plaintext = Encoding.ASCII.GetBytes("This is the content.");

    public static TheoryData<string, string, string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "cose-wg-sign1.txt")))
        {
            if (line.StartsWith('#')) continue;
            var p = line.Split('|').Select(s => s.Trim()).ToArray();
            data.Add(p[0], p[1], p[2], p[3], p[4]);
        }
        return data;
    }

    private static ECDsa PublicKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url(X), Y = Base64Url(Y) },
    });

    private static byte[] Base64Url(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4));

    [Theory]
    [MemberData(nameof(Examples))]
    public void SigStructureMatchesTheExampleToBeSigned(string name, string expect, string external, string toBeSigned, string cbor)
    {
        _ = name; _ = expect;
        var message = CoseSign1.Decode(Convert.FromHexString(cbor), name);
        var sig = SigStructure.ForSign1(message.SignedProtectedBytes, Convert.FromHexString(external), Plaintext);
        if (expect == "pass") Assert.Equal(toBeSigned, Convert.ToHexString(sig));
        Assert.Equal(cbor, Convert.ToHexString(message.Encode()));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void SignatureVerifiesExactlyWhenTheExampleSaysPass(string name, string expect, string external, string toBeSigned, string cbor)
    {
        _ = toBeSigned;
        var message = CoseSign1.Decode(Convert.FromHexString(cbor), name);
        using var key = PublicKey();
        var result = CoseVerifier.Verify(message, default, key, CoseAlgorithm.ES256, Convert.FromHexString(external));
        Assert.Equal(expect == "pass", result.IsValid);
    }

    [Fact]
    public void TheExternalAadIsBoundIntoTheSignature()
    {
        var row = Examples().ElementAt(1);
        var (external, cbor) = ((string)row[2], (string)row[4]);
        var message = CoseSign1.Decode(Convert.FromHexString(cbor), "sign-pass-02");
        using var key = PublicKey();
        Assert.True(CoseVerifier.Verify(message, default, key, null, Convert.FromHexString(external)).IsValid);
        Assert.False(CoseVerifier.Verify(message, default, key, null, default).IsValid);
    }
}
