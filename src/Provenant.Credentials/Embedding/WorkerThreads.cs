namespace Provenant.Credentials.Embedding;

/// <summary>
/// Background threads that stay parked between jobs, so the hasher and writer of one add or verify do not cost a
/// thread start each (about 0.1 ms apiece, and a wait for a CPU on a busy machine). <see cref="Run"/> hands the job to
/// an idle worker, or starts a new one when none is idle, so concurrent jobs never queue behind each other and a job
/// that blocks (waiting for its reader) cannot hold up another. A worker idle for <see cref="IdleLifetime"/> ends.
/// Jobs must not throw: each catches its own failures and reports them to its caller.
/// </summary>
internal static class WorkerThreads
{
    /// <summary>How long a parked worker waits for the next job before its thread ends.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);

    private static readonly Stack<Worker> Idle = new();

    /// <summary>Threads started so far (for tests: repeated jobs reuse parked workers).</summary>
    public static int Started => Volatile.Read(ref s_started);

    private static int s_started;
    private static int s_busy;

    /// <summary>Jobs handed out and not yet finished (for tests: a job that never ends shows here).</summary>
    public static int Busy => Volatile.Read(ref s_busy);

    /// <summary>Workers parked now.</summary>
    public static int IdleCount
    {
        get
        {
            lock (Idle)
            {
                return Idle.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="job"/> on a background worker thread.</summary>
    public static void Run(Action job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Worker? worker = null;
        lock (Idle)
        {
            if (Idle.Count > 0) worker = Idle.Pop();
        }
        Interlocked.Increment(ref s_busy);
        (worker ?? new Worker()).Give(job);
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _wake = new(0);
        private Action? _job;

        public Worker()
        {
            Interlocked.Increment(ref s_started);
            new Thread(Loop) { IsBackground = true, Name = "credential worker" }.Start();
        }

        public void Give(Action job)
        {
            Volatile.Write(ref _job, job);
            _wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                if (!_wake.Wait(IdleLifetime))
                {
                    lock (Idle)
                    {
                        // Still parked: retire. Otherwise Run took this worker and its Give is on the way.
                        if (Idle.Contains(this))
                        {
                            var keep = Idle.Where(w => w != this).Reverse().ToArray();
                            Idle.Clear();
                            foreach (var w in keep) Idle.Push(w);
                            return;
                        }
                    }
                    continue;
                }
                var job = Interlocked.Exchange(ref _job, null);
                job?.Invoke();
                Interlocked.Decrement(ref s_busy);
                lock (Idle)
                {
                    Idle.Push(this);
                }
            }
        }
    }
}
