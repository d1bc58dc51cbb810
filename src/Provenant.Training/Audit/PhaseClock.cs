using System.Diagnostics;

namespace Provenant.Training.Audit;

/// <summary>Wall and process CPU time since the last lap, for <see cref="AuditPhase"/>s.</summary>
internal sealed class PhaseClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _cpu = CpuNow();

    private PhaseClock()
    {
    }

    public static PhaseClock Start() => new();

    /// <summary>The phase since the previous lap (or the start), and a new lap begins.</summary>
    public AuditPhase Lap(string name)
    {
        var cpu = CpuNow();
        var phase = new AuditPhase(name, _wall.Elapsed.TotalSeconds, (cpu - _cpu).TotalSeconds);
        _wall.Restart();
        _cpu = cpu;
        return phase;
    }

    private static TimeSpan CpuNow()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }
}
