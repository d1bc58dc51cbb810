using System.Security.Cryptography;
using Provenant.Signing.Certificates;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;
using Provenant.TestSupport;

namespace Provenant.Signing.Tests.Oms;

/// <summary>Paths into ../shared/data/oms-vectors and key helpers.</summary>
internal static class OmsTestKit
{
    public static string Vectors(params string[] parts) => SharedData.Get(["oms-vectors", .. parts]);

    public static string Case(string name) => Vectors("cases", name);

    public static TrustMaterial PublicKeyTrust() => new() { PublicKey = EcKeys.LoadPublic(Vectors("keys", "certificate", "signing-key-pub.pem")) };

    public static TrustMaterial CaTrust() => new() { TrustAnchors = CertificateFiles.LoadAll(Vectors("keys", "certificate", "ca-cert.pem"), "trust anchor") };

    public static TrustMaterial KeylessTrust() => new() { AcceptKeylessUnverifiedIdentity = true };

    public static ECDsa NewKey(EcCurve curve = EcCurve.P256) => EcKeys.Generate(curve);
}
