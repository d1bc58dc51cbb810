using System.Text.Json;
using Provenant.Core.Errors;
using Provenant.Credentials.Validation;

namespace Provenant.Server.Provenance.Verifiers;

/// <summary>
/// <c>c2pa</c>: C2PA content credentials in a PNG or JPEG, <c>{"file": base64, "name": string?}</c>. Runs
/// <see cref="CredentialVerifier"/> as <c>credential verify</c> does (no trust anchors: integrity only, an untrusted
/// signer is reported but not a failure) and reports every C2PA 2.x §15 status check of every manifest.
/// </summary>
public sealed class CredentialArtifactVerifier : IArtifactVerifier
{
    /// <summary>Largest accepted credentialed file (bytes).</summary>
    public const int MaxFileBytes = 8 << 20;

    /// <inheritdoc />
    public string Kind => "c2pa";

    /// <inheritdoc />
    public string Description => "C2PA content credentials: {\"file\": base64 PNG/JPEG, \"name\": string}; every manifest's status checks";

    /// <inheritdoc />
    public VerificationReport Verify(JsonElement request, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        var bytes = RequestFields.Base64(request, "file", checks);
        if (bytes is null)
        {
            if (checks.Count == 0) checks.Add(new VerificationCheck("request.file", false, "expected \"file\": the credentialed file, base64"));
            return new VerificationReport(Kind, checks);
        }
        return new VerificationReport(Kind, Check(bytes).Checks);
    }

    /// <summary>Verifies <paramref name="file"/>; returns the report and the checks.</summary>
    public (CredentialReport? Report, IReadOnlyList<VerificationCheck> Checks) Check(byte[] file)
    {
        var checks = new List<VerificationCheck>();
        if (file.Length > MaxFileBytes)
        {
            checks.Add(new VerificationCheck("request.file", false, $"the file has {file.Length} bytes, more than {MaxFileBytes}"));
            return (null, checks);
        }
        // CredentialVerifier reads files; the upload goes to a private temporary file named by the server only.
        var dir = Directory.CreateTempSubdirectory("provenant-verify-");
        try
        {
            var path = Path.Combine(dir.FullName, "asset");
            File.WriteAllBytes(path, file);
            CredentialReport report;
            try
            {
                report = CredentialVerifier.Verify(path, VerifyOptions.None);
            }
            catch (ProvenantException e)
            {
                checks.Add(new VerificationCheck("c2pa.read", false, e.Message));
                return (null, checks);
            }
            checks.Add(new VerificationCheck("c2pa.manifest", report.State is not (CredentialState.NoManifest or CredentialState.Malformed),
                $"{report.MediaType}: {report.State}{(report.Error is null ? "" : " — " + report.Error)}"));
            foreach (var m in report.Manifests)
            {
                foreach (var c in m.Checks)
                {
                    // Without trust anchors an untrusted signer is expected: integrity is what is checked here.
                    checks.Add(new VerificationCheck(c.Code, c.Passed || c.Code == StatusCodes.SigningCredentialUntrusted, c.Explanation));
                }
            }
            return (report, checks);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
