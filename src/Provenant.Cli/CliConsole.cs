namespace Provenant.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics and progress to <see cref="Error"/>.
/// <see cref="Interactive"/> is true only when stderr is a terminal (progress bars are drawn only then).</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Interactive">Whether progress may be drawn.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive);
