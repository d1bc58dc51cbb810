using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant dispute --claim a.json --challenge b.json --model M --input x.json --claim-key A --challenge-key B
/// [--claim-trace T] [--challenge-trace T] [--transcript out.json]</c>: plays the bisection dispute game
/// (docs/disputes.md) between the two claimants in this process, each party playing by its own trace and signing its
/// moves with its key, and prints the rounds, the bytes exchanged, the disputed node and the ruling. Exit 0 when the
/// claim stands (claimant wins, or the claims agree), 1 when it is refuted, 2 when the claims are not comparable.
/// <c>dispute verify-transcript</c> re-decides a saved transcript as a referee; <c>dispute training</c> disputes two
/// training claims over their training logs.
/// </summary>
public sealed class DisputeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var claim = new Option<string>("--claim") { Description = "The claimant's signed claim (provenant claim)", Required = true };
        var challenge = new Option<string>("--challenge") { Description = "The challenger's signed claim on the same model and input", Required = true };
        var model = new Option<string>("--model") { Description = "The quantized model both claims name", Required = true };
        var inputs = new Option<string[]>("--input")
        {
            Description = "The inputs both claims name",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var claimKey = new Option<string>("--claim-key") { Description = "The claimant's private key (signs its moves; must be the claim's key)", Required = true };
        var challengeKey = new Option<string>("--challenge-key") { Description = "The challenger's private key", Required = true };
        var claimTrace = new Option<string?>("--claim-trace") { Description = "The claimant's trace with tensors (default: CLAIM with .trace.bin)" };
        var challengeTrace = new Option<string?>("--challenge-trace") { Description = "The challenger's trace with tensors (default: CHALLENGE with .trace.bin)" };
        var transcript = new Option<string?>("--transcript") { Description = "Write the signed transcript here" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds each move may take before its party forfeits", DefaultValueFactory = _ => 60 };
        var cmd = new Command("dispute", "Play the bisection dispute game between two inference claims and rule")
        {
            claim, challenge, model, inputs, claimKey, challengeKey, claimTrace, challengeTrace, transcript, timeout,
            DisputeVerifyTranscriptCommand.Build(console),
            DisputeTrainingCommand.Build(console),
        };
        cmd.SetAction(r =>
        {
            if (r.GetValue(timeout) <= 0) throw new UsageException("--timeout must be positive");
            var m = DisputeModel.Load(r.GetValue(model)!);
            var feeds = InferCommand.ReadInputs(m.Graph, r.GetValue(inputs)!);
            using var aKey = EcKeys.LoadPrivate(r.GetValue(claimKey)!);
            using var bKey = EcKeys.LoadPrivate(r.GetValue(challengeKey)!);
            var claimPath = r.GetValue(claim)!;
            var challengePath = r.GetValue(challenge)!;
            var setup = DisputeSetup.Create(BoundedFile.ReadAll(claimPath, "claim", (int)SigstoreBundle.MaxFileBytes), aKey,
                BoundedFile.ReadAll(challengePath, "challenge", (int)SigstoreBundle.MaxFileBytes), bKey);
            IDisputeParty Party(DisputeRole role, System.Security.Cryptography.ECDsa key, string? trace, string claimFile)
            {
                var path = trace ?? ClaimCommand.DefaultTracePath(claimFile);
                if (SegmentedTraceFile.IsSegmented(path))
                {
                    // What `claim` stores for format 3: the exports, the rest recomputed on demand.
                    if (setup.ClaimOf(role) is not { IsSegmented: true } c3)
                    {
                        throw new ProvenantException($"{path}: a segmented (version-3) trace defends only a format-3 claim; {claimFile} is not one", ExitCodes.InputError);
                    }
                    var kept = m.ReadSegmentedTrace(path, feeds);
                    kept.ChunkBits = c3.ChunkBits;
                    if (kept.Segments.SegmentBits != c3.SegmentBits || !c3.TraceRoot.AsSpan().SequenceEqual(kept.Root))
                    {
                        throw new ProvenantException($"{path}: this trace's segment root is not the one {claimFile} commits to", ExitCodes.InputError);
                    }
                    return new TraceParty(role, key, setup.DisputeId, m, kept, feeds);
                }
                var t = TraceFile.Read(path, loadTensors: true);
                if (t.Tensors is null) throw new ProvenantException($"{path}: the trace holds no tensors (write it with provenant claim or infer --trace-tensors)", ExitCodes.InputError);
                if (setup.ClaimOf(role) is { IsSegmented: true } s)
                {
                    // Format 3 defended from a per-node (version-2) trace file: the segment leaves are recomputed from its tensors.
                    var outputs = m.Skeleton.OutputNames.Select(x => m.Skeleton.Producer(x) is { } p
                        ? new KeyValuePair<string, Inference.Tensors.Tensor>(x, t.Tensors[p.Node][p.Output]!)
                        : throw new ProvenantException($"graph output '{x}' is not produced by a node", ExitCodes.InputError)).ToArray();
                    var segmented = SegmentedTrace.FromTensors(m.Graph, m.Segments(s.SegmentBits), t.ModelDigest, t.InputDigest, t.Tensors, outputs);
                    segmented.ChunkBits = s.ChunkBits;
                    if (!s.TraceRoot.AsSpan().SequenceEqual(segmented.Root))
                    {
                        throw new ProvenantException($"{path}: this trace's segment root is not the one {claimFile} commits to", ExitCodes.InputError);
                    }
                    return new TraceParty(role, key, setup.DisputeId, m, segmented, feeds);
                }
                if (setup.ClaimOf(role) is { } c && !c.TraceRoot.AsSpan().SequenceEqual(t.Root))
                {
                    throw new ProvenantException($"{path}: this trace's root is not the one {claimFile} commits to", ExitCodes.InputError);
                }
                return new TraceParty(role, key, setup.DisputeId, m, t, feeds);
            }
            var (t, referee) = setup.Ruling is not null
                ? DisputeGame.Play(setup, m.Skeleton, new NoParty(DisputeRole.Claimant), new NoParty(DisputeRole.Challenger), TimeSpan.FromSeconds(1))
                : DisputeGame.Play(setup, m.Skeleton,
                    Party(DisputeRole.Claimant, aKey, r.GetValue(claimTrace), claimPath),
                    Party(DisputeRole.Challenger, bKey, r.GetValue(challengeTrace), challengePath),
                    TimeSpan.FromSeconds(r.GetValue(timeout)));
            if (r.GetValue(transcript) is { } tp) AtomicFile.Write(tp, t.ToBytes());
            return DisputeReport.Print(console, m.Skeleton, t, referee);
        });
        return cmd;
    }

    /// <summary>Stands in for a party when the setup already decided (it is never asked to move).</summary>
    private sealed class NoParty(DisputeRole role) : IDisputeParty
    {
        public DisputeRole Role => role;

        public SignedDisputeMessage? Respond(DisputeExpectation expectation) => null;
    }
}
