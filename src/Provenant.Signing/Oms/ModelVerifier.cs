using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Signing.Sigstore;

namespace Provenant.Signing.Oms;

/// <summary>
/// OMS v1.0 verification: authenticate the bundle (<see cref="BundleVerifier"/>), then parse the
/// statement, re-hash the local model with the serialization the signature records (hash, method,
/// shard size, symlink setting, ignore paths, plus the signature file and any extra ignores), and
/// compare manifests (<see cref="ManifestComparison"/>).
/// </summary>
public static class ModelVerifier
{
    /// <summary>Verifies <paramref name="modelPath"/> against the bundle.</summary>
    /// <param name="modelPath">Model directory or file.</param>
    /// <param name="bundle">Parsed signature.</param>
    /// <param name="signaturePath">Path of the signature file (ignored when it lies inside the model), or null.</param>
    /// <param name="trust">Public key or trust anchors.</param>
    /// <param name="extraIgnorePaths">Additional paths to ignore, relative to the model root.</param>
    /// <param name="symlinksWithinRootOnly">When the signature allows symlinks, still reject links leaving the model root.</param>
    /// <param name="progress">Bytes hashed so far.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <param name="tensorRoots">Recomputes per-tensor Merkle roots when the statement records them
    /// (<see cref="OmsManifest.TensorRoots"/>); when it records some and this is null, verification is rejected
    /// rather than silently skipping them.</param>
    /// <exception cref="ProvenantException">The local model cannot be read (missing path, disallowed symlink, a
    /// malformed weight file named by a tensor root…).</exception>
    public static ModelVerification Verify(string modelPath, SigstoreBundle bundle, string? signaturePath, TrustMaterial trust,
        IReadOnlyList<string>? extraIgnorePaths = null, bool symlinksWithinRootOnly = true, IProgress<long>? progress = null, CancellationToken cancellationToken = default,
        ITensorRootCalculator? tensorRoots = null)
    {
        var auth = BundleVerifier.Verify(bundle, trust);
        if (!auth.Result.IsValid) return new ModelVerification(auth.Result, null, auth.Notes);
        var notes = auth.Notes.ToList();

        OmsManifest signed;
        try
        {
            signed = OmsStatement.Parse(auth.Envelope!.Payload, signaturePath ?? "signature", out _);
        }
        catch (ProvenantFormatException e)
        {
            return new ModelVerification(VerificationResult.Rejected("bad envelope: " + e.Message), null, notes);
        }
        var ignores = signed.Serialization.IgnorePaths.ToList();
        ignores.AddRange(SerializationOptions.DefaultIgnoredPaths);
        if (extraIgnorePaths is not null) ignores.AddRange(extraIgnorePaths);
        if (signaturePath is not null && RelativeInside(modelPath, signaturePath) is { } rel) ignores.Add(rel);
        var local = signed.Serialization with
        {
            IgnorePaths = ignores.Distinct().ToList(),
            Symlinks = !signed.Serialization.AllowSymlinks ? SymlinkPolicy.Reject
                : symlinksWithinRootOnly ? SymlinkPolicy.FollowWithinRoot : SymlinkPolicy.FollowAnywhere,
        };
        var actual = ModelHasher.Serialize(modelPath, local, progress, cancellationToken);
        var cmp = ManifestComparison.Compare(signed, actual);
        if (cmp.IsValid && signed.TensorRoots.Count > 0)
        {
            cmp = TensorRootCheck.Check(signed.TensorRoots, ModelHasher.PlanFor(modelPath, local).Files, tensorRoots, cancellationToken);
            if (cmp.IsValid) notes.Add(cmp.Reason);
        }
        if (cmp.IsValid)
        {
            notes.Insert(0, $"{signed.Resources.Count} resources verified ({signed.Serialization.Method.ToString().ToLowerInvariant()}, {signed.Serialization.HashTypeName})");
        }
        return new ModelVerification(cmp, signed, notes);
    }

    /// <summary>The POSIX path of <paramref name="file"/> relative to the model directory, if inside it.</summary>
    public static string? RelativeInside(string modelPath, string file)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelPath));
        if (!Directory.Exists(root)) return null;
        var full = Path.GetFullPath(file);
        var rel = Path.GetRelativePath(root, full);
        if (rel == "." || rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel)) return null;
        return rel.Replace('\\', '/');
    }
}
