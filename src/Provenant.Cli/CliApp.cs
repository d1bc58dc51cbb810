using System.CommandLine;
using Provenant.Cli.Commands;
using Provenant.Core.Errors;

namespace Provenant.Cli;

/// <summary>Builds the <c>provenant</c> command tree and maps outcomes to exit codes (<see cref="ExitCodes"/>).</summary>
public static class CliApp
{
    /// <summary>Runs <paramref name="args"/> with output to the given writers; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool? interactive = null)
    {
        var console = new CliConsole(stdout, stderr, interactive ?? (!Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error)));
        var root = new RootCommand("Provenant: cryptographic AI provenance — sign and verify models (OpenSSF Model Signing v1.0), commit datasets.");
        foreach (var c in new ICliCommand[]
        {
            new KeygenCommand(), new SignCommand(), new VerifyCommand(), new DigestCommand(),
            new SignStatementCommand(), new VerifyStatementCommand(),
            new CommitDatasetCommand(), new ProveRecordCommand(), new VerifyRecordCommand(),
            new InspectCommand(), new ProveTensorCommand(), new VerifyTensorCommand(), new InferCommand(), new QuantizeCommand(),
            new TrainCommand(), new AuditTrainingCommand(), new ProveExclusionCommand(), new VerifyExclusionCommand(),
            new DemoCommand(),
            new ServeCommand(),
            new WitnessCommand(),
            new LogCommand(),
            new TraceCommand(),
            new ClaimCommand(), new ClaimTrainingCommand(), new DisputeCommand(),
            new CredentialCommand(),
            new CommitWeightsCommand(),
            new ProveCommand(),
            new VerifyProofCommand(),
        })
        {
            root.Add(c.Build(console));
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine("error: " + e.Message);
            stderr.WriteLine("Run 'provenant --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (ProvenantException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled");
            return ExitCodes.Internal;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var inner = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e;
            stderr.WriteLine($"internal error ({inner.GetType().Name}): {inner.Message.Split('\n')[0]} — please report this");
            return ExitCodes.Internal;
        }
    }
}
