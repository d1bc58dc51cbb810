namespace Provenant.Credentials.Manifest;

/// <summary>JUMBF labels and assertion labels from the C2PA 2.x specification (§11 "JUMBF", §18 "Standard assertions")
/// and the Provenant assertion.</summary>
public static class C2paLabels
{
    /// <summary>Manifest store superbox label.</summary>
    public const string ManifestStore = "c2pa";

    /// <summary>Assertion store superbox label.</summary>
    public const string AssertionStore = "c2pa.assertions";

    /// <summary>Claim v2 box label (C2PA 2.x §10).</summary>
    public const string ClaimV2 = "c2pa.claim.v2";

    /// <summary>Claim v1 box label (C2PA 1.x).</summary>
    public const string ClaimV1 = "c2pa.claim";

    /// <summary>Claim signature box label (§13).</summary>
    public const string Signature = "c2pa.signature";

    /// <summary>Actions assertion v2 (§18.3).</summary>
    public const string ActionsV2 = "c2pa.actions.v2";

    /// <summary>Actions assertion v1.</summary>
    public const string ActionsV1 = "c2pa.actions";

    /// <summary>Data hash hard binding (§18.5).</summary>
    public const string DataHash = "c2pa.hash.data";

    /// <summary>CAWG training and data mining assertion.</summary>
    public const string TrainingMining = "cawg.training-mining";

    /// <summary>The Provenant assertion: model statement digest, inference proof or receipt digest, log entry.</summary>
    public const string Provenance = "dev.provenant.provenance";

    /// <summary>IPTC digital source type for media created by a trained model.</summary>
    public const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    /// <summary>The JUMBF URI of an assertion relative to its manifest (§8.2): <c>self#jumbf=c2pa.assertions/LABEL</c>.</summary>
    public static string AssertionUri(string label) => $"self#jumbf={AssertionStore}/{label}";
}
