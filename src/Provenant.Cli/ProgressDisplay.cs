using Spectre.Console;

namespace Provenant.Cli;

/// <summary>
/// Runs a long operation that reports bytes done through <see cref="IProgress{T}"/>, drawing a Spectre.Console
/// progress bar on stderr only when stderr is a terminal and the work takes more than a second.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>; <paramref name="totalBytes"/> sizes the bar.</summary>
    public static T Run<T>(CliConsole console, string label, long totalBytes, Func<IProgress<long>, T> work)
    {
        var counter = new Counter();
        if (!console.Interactive) return work(counter);
        var task = Task.Run(() => work(counter));
        if (task.Wait(TimeSpan.FromSeconds(1))) return task.GetAwaiter().GetResult();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ansi.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                // totalBytes <= 0: size not known up front (e.g. verify plans inside the library): spinner-style bar.
                var bar = ctx.AddTask(label, maxValue: Math.Max(1, totalBytes));
                bar.IsIndeterminate = totalBytes <= 0;
                while (!task.Wait(100))
                {
                    if (totalBytes > 0) bar.Value = Interlocked.Read(ref counter.Done);
                }
                bar.Value = bar.MaxValue;
            });
        return task.GetAwaiter().GetResult();
    }

    private sealed class Counter : IProgress<long>
    {
        public long Done;

        public void Report(long value)
        {
            long current;
            do
            {
                current = Interlocked.Read(ref Done);
                if (value <= current) return;
            }
            while (Interlocked.CompareExchange(ref Done, value, current) != current);
        }
    }
}
