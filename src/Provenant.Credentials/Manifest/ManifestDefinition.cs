namespace Provenant.Credentials.Manifest;

/// <summary>What goes into one manifest besides the hard binding.</summary>
/// <param name="ManifestLabel">The manifest's JUMBF label, <c>urn:c2pa:UUID</c> (C2PA 2.x §8.1).</param>
/// <param name="InstanceId">The claim's <c>instanceID</c> (e.g. <c>xmp:iid:UUID</c>).</param>
/// <param name="Title">The claim's <c>dc:title</c> (usually the file name); null to omit.</param>
/// <param name="GeneratorName">The claim generator's name (<c>claim_generator_info.name</c>).</param>
/// <param name="GeneratorVersion">The claim generator's version.</param>
/// <param name="Assertions">The assertions other than <c>c2pa.hash.data</c>, in order.</param>
public sealed record ManifestDefinition(string ManifestLabel, string InstanceId, string? Title, string GeneratorName, string GeneratorVersion, IReadOnlyList<AssertionContent> Assertions)
{
    /// <summary>A definition with a fresh random manifest label and instance ID.</summary>
    public static ManifestDefinition Create(string? title, string generatorName, string generatorVersion, IReadOnlyList<AssertionContent> assertions) =>
        new($"urn:c2pa:{Guid.NewGuid()}", $"xmp:iid:{Guid.NewGuid()}", title, generatorName, generatorVersion, assertions);
}
