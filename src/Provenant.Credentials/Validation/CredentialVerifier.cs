using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Validation;

/// <summary>
/// Reads an asset's C2PA credentials (embedded in PNG/JPEG, or a sidecar <c>.c2pa</c> store beside any other file) and
/// validates every manifest (<see cref="ManifestValidator"/>). Returns a report; never throws on a hostile asset
/// (parse errors give <see cref="CredentialState.Malformed"/>). The asset is read once: its data hash is computed
/// behind the reader (<see cref="ReadBehindDataHash"/>) while the manifest is parsed and its signature and
/// certificates are checked.
/// </summary>
public static class CredentialVerifier
{
    /// <summary>Verifies the file at <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantException">The asset (or given artifact) file is missing or unreadable.</exception>
    public static CredentialReport Verify(string path, VerifyOptions options)
    {
        var dataHash = new ReadBehindDataHash();
        try
        {
            return Verify(path, options, AssetFile.ReadAll(path, dataHash.OnFilled), dataHash);
        }
        finally
        {
            dataHash.Abandon(); // a read that failed, or a verdict reached without the digest: the worker stops
        }
    }

    private static CredentialReport Verify(string path, VerifyOptions options, byte[] asset, ReadBehindDataHash dataHash)
    {
        var container = AssetContainers.Detect(asset);
        var mediaType = container?.MediaType ?? AssetContainers.SidecarMediaType;
        ReadOnlyMemory<byte> store;
        try
        {
            if (container is not null)
            {
                var location = container.Find(asset, path);
                if (location is null) return new CredentialReport(path, mediaType, CredentialState.NoManifest, []);
                store = location.Store;
            }
            else
            {
                var sidecar = options.SidecarPath ?? AssetContainers.SidecarPathFor(path);
                if (!File.Exists(sidecar)) return new CredentialReport(path, mediaType, CredentialState.NoManifest, [], $"no sidecar {sidecar}");
                store = BoundedFile.ReadAll(sidecar, "sidecar manifest store", 1L << 30);
            }
            var parsed = ManifestStore.Parse(store, path);
            var reports = new List<ManifestReport>();
            for (var i = parsed.Manifests.Count - 1; i >= 0; i--)
            {
                reports.Add(ManifestValidator.Validate(parsed.Manifests[i], i == parsed.Manifests.Count - 1, asset, options, path, dataHash));
            }
            var state = reports.All(r => r.AllPassed)
                ? reports[0].Checks.Any(c => c.Code == StatusCodes.SigningCredentialTrusted) ? CredentialState.Trusted : CredentialState.Valid
                : CredentialState.Invalid;
            return new CredentialReport(path, mediaType, state, reports);
        }
        catch (ProvenantFormatException e)
        {
            return new CredentialReport(path, mediaType, CredentialState.Malformed, [], e.Message);
        }
    }
}
