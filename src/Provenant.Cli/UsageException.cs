namespace Provenant.Cli;

/// <summary>A command-line mistake found after parsing (conflicting or unsupported option values); exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
