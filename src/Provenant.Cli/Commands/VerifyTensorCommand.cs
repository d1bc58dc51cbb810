using System.CommandLine;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Tensors;
using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant verify-tensor proof.json (--root HEX [--count N] | --bundle model.sig --public-key pub.pem) [--model FILE | --data FILE]</c>:
/// check a tensor proof against a trusted root, or against a tensor root in an authenticated OMS signature; optionally
/// check the tensor's bytes too. Exit 0 when everything checked holds, 1 when a check fails, 3 for a malformed proof.
/// </summary>
public sealed class VerifyTensorCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var proofArg = new Argument<string>("PROOF") { Description = "Tensor proof written by prove-tensor" };
        var root = new Option<string?>("--root") { Description = "Trusted tensor root (64 hex digits)" };
        var count = new Option<long?>("--count") { Description = "Trusted number of tensors (with --root; otherwise the proof's count is used)" };
        var bundle = new Option<string?>("--bundle") { Description = "OMS signature (Sigstore bundle) signed with --tensor-root" };
        var model = new Option<string?>("--model") { Description = "Weight file to read the tensor's data from and check" };
        var data = new Option<string?>("--data") { Description = "File holding exactly the tensor's raw bytes, to check" };
        var trust = new TrustArgs();
        var cmd = new Command("verify-tensor", "Verify a tensor proof against a tensor root or a signed model") { proofArg, root, count, bundle, model, data };
        trust.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var path = r.GetValue(proofArg)!;
            var proof = TensorProof.Parse(BoundedFile.ReadAll(path, "tensor proof", TensorProof.MaxProofBytes), path);
            var rootHex = r.GetValue(root);
            var sigPath = r.GetValue(bundle);
            if ((rootHex is null) == (sigPath is null)) throw new UsageException("give exactly one of --root or --bundle");
            if (r.GetValue(model) is not null && r.GetValue(data) is not null) throw new UsageException("give at most one of --model or --data");
            var notes = new List<string>();
            var trusted = rootHex is not null
                ? FromRoot(rootHex, r.GetValue(count), proof, notes)
                : FromBundle(sigPath!, trust.Read(r), proof, notes);
            var result = trusted.Result ?? proof.Verify(trusted.Root!, trusted.Count);
            if (result.IsValid) result = CheckData(proof, r.GetValue(model), r.GetValue(data), notes) ?? result;
            foreach (var n in notes) console.Error.WriteLine("note: " + n);
            if (!result.IsValid)
            {
                console.Error.WriteLine("verification FAILED: " + result.Reason);
                foreach (var f in result.Findings) console.Error.WriteLine("  " + f);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine("verified: " + proof.Verify(trusted.Root!, trusted.Count).Reason);
            return 0;
        });
        return cmd;
    }

    private static (byte[]? Root, long Count, VerificationResult? Result) FromRoot(string hex, long? count, TensorProof proof, List<string> notes)
    {
        if (hex.Length != 64 || !Hex.TryDecode(hex, out var root)) throw new UsageException("--root: expected 64 hex digits");
        if (count is null) notes.Add($"tensor count {proof.TensorCount} taken from the proof (pass --count to pin it)");
        return (root, count ?? proof.TensorCount, null);
    }

    private static (byte[]? Root, long Count, VerificationResult? Result) FromBundle(string sigPath, TrustMaterial trust, TensorProof proof, List<string> notes)
    {
        var b = SigstoreBundle.ReadFile(sigPath);
        if (trust.PublicKey is null && trust.TrustAnchors.Count == 0 && b.Material.Kind != VerificationMaterialKind.Keyless)
        {
            throw new UsageException("pass --public-key or --certificate-chain with --bundle");
        }
        var auth = BundleVerifier.Verify(b, trust);
        notes.AddRange(auth.Notes);
        if (!auth.Result.IsValid) return (null, 0, auth.Result);
        OmsManifest signed;
        try
        {
            signed = OmsStatement.Parse(auth.Envelope!.Payload, sigPath, out _);
        }
        catch (ProvenantFormatException e)
        {
            return (null, 0, VerificationResult.Rejected("bad envelope: " + e.Message));
        }
        if (signed.TensorRoots.Count == 0) return (null, 0, VerificationResult.Rejected($"{sigPath} records no tensor roots (sign with --tensor-root)"));
        var entry = signed.TensorRoots.FirstOrDefault(t => t.Root.AsSpan().SequenceEqual(proof.TensorRoot) && t.Algorithm == proof.Algorithm);
        if (entry is null)
        {
            return (null, 0, VerificationResult.Rejected($"none of the {signed.TensorRoots.Count} signed tensor roots is the proof's root {Hex.Encode(proof.TensorRoot)}",
                signed.TensorRoots.Select(t => $"{t.Name}: {t.RootHex}").ToList()));
        }
        notes.Add($"signed tensor root of '{entry.Name}' in '{signed.ModelName}' ({entry.Format}, {entry.TensorCount} tensors)");
        return (entry.Root, entry.TensorCount, null);
    }

    private static VerificationResult? CheckData(TensorProof proof, string? modelPath, string? dataPath, List<string> notes)
    {
        if (dataPath is not null)
        {
            using var s = OpenRead(dataPath);
            return Bad(proof.VerifyData(s));
        }
        if (modelPath is not null)
        {
            using var source = TensorFormatList.Open(modelPath);
            var t = source.Tensors.FirstOrDefault(x => x.Name == proof.Name);
            if (t is null) return VerificationResult.Rejected($"{modelPath} has no tensor named \"{proof.Name}\"");
            using var s = source.OpenTensor(t);
            return Bad(proof.VerifyData(s));
        }
        notes.Add("the tensor's data were not checked (pass --model or --data): only its name, dtype, shape, length and data digest are proven");
        return null;
    }

    private static VerificationResult? Bad(VerificationResult r) => r.IsValid ? null : r;

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read tensor data: {e.Message}", ExitCodes.InputError, e);
        }
    }
}
