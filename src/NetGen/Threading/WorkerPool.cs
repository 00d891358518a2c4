using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using NetGen.Kernels;

namespace NetGen.Threading;

/// <summary>
/// A persistent pool of <c>MaxDegree - 1</c> dedicated background threads that, with the calling thread, run the parts
/// of one <see cref="IParallelJob"/> at a time. The threads start on the first parallel call and then wait for work:
/// they spin for a millisecond after each job (so that the next kernel of a training step starts within a
/// microsecond) and then block.
/// </summary>
/// <remarks>
/// <para>
/// Threads claim parts one at a time from a shared counter, the caller included, and the caller returns once every
/// part has finished. A worker that the operating system has not scheduled yet (the machine is busy) therefore never
/// holds the caller up: the caller runs the unclaimed parts itself, and the late worker finds none left.
/// </para>
/// <para>
/// A job is a struct, passed by reference and never boxed: it is copied into a static slot of its own type,
/// <c>JobSlot&lt;TJob&gt;</c>, whose single runner object (created once per job type) the workers call. A call after
/// warm-up therefore allocates nothing on any thread.
/// </para>
/// <para>
/// One job runs at a time. A call that finds the pool busy (another thread's job, or a job that starts a job) runs
/// all its parts inline on its own thread instead of waiting, so concurrent callers and nesting are safe.
/// </para>
/// </remarks>
public static class WorkerPool
{
    // The caller blocks on this when its workers take long (after spinning); Monitor, not an event, because an event
    // allocates its lock object on the first wait, which may come long after warm-up.
    private static readonly object s_doneGate = new();

    private static Worker[] s_workers = Array.Empty<Worker>();
    private static int s_busy;
    private static long s_parallelRuns;

    // The job being run: generation (high 32 bits) and next unclaimed part (low 32 bits), claimed by compare-exchange,
    // so a thread that wakes after its job is over sees a new generation and claims nothing.
    private static long s_claims;
    private static int s_generation;
    private static IPartRunner? s_runner;
    private static int s_parts;
    private static int s_threads;
    private static int s_finished;
    private static int s_callerSleeping;
    private static ExceptionDispatchInfo? s_error;

    private interface IPartRunner
    {
        void Run(int part, int parts);
    }

    /// <summary>The dedicated threads started so far (they are never stopped).</summary>
    public static int WorkerCount => Volatile.Read(ref s_workers).Length;

    /// <summary>
    /// How many calls so far ran on more than one thread (kernel calls that woke the pool, and direct calls of
    /// <see cref="Run{TJob}(ref TJob, int)"/>); a call that ran inline is not counted. It tells whether a network's
    /// kernels use threads at all: the benchmark runner reports it.
    /// </summary>
    public static long ParallelRuns => Volatile.Read(ref s_parallelRuns);

    /// <summary>
    /// Whether no job is running, so that a call now would get the workers (a hint: another thread may start one
    /// at any moment). Inside a job's part it is false: a kernel called from a parallel job runs single-threaded.
    /// </summary>
    internal static bool IsIdle => Volatile.Read(ref s_busy) == 0;

    /// <summary>
    /// Runs parts <c>0 .. parts - 1</c> of <paramref name="job"/> on up to <see cref="Parallelism.MaxDegree"/>
    /// threads, the calling thread included, and returns when all are done. With one thread, or when the pool is busy,
    /// every part runs inline on the calling thread.
    /// </summary>
    /// <typeparam name="TJob">The job: a struct, so that nothing is allocated.</typeparam>
    /// <param name="job">The job; other threads read a copy of it while the call runs.</param>
    /// <param name="parts">The number of parts, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is less than 1.</exception>
    /// <remarks>An exception thrown by a part is rethrown here (the first, if several), after every part has finished.</remarks>
    public static void Run<TJob>(ref TJob job, int parts)
        where TJob : struct, IParallelJob =>
        Run(ref job, parts, Parallelism.MaxDegree);

    /// <summary>
    /// <see cref="Run{TJob}(ref TJob, int)"/> on at most <paramref name="maxThreads"/> threads: a kernel that decided
    /// its thread count (<see cref="Parallelism.DegreeFor"/>) but splits into more parts, and the calibration.
    /// </summary>
    internal static void Run<TJob>(ref TJob job, int parts, int maxThreads)
        where TJob : struct, IParallelJob
    {
        if (parts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), parts, "A job has at least one part.");
        }
        Prepare<TJob>();
        int threads = Math.Min(parts, maxThreads);
        if (threads == 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            RunInline(ref job, parts);
            return;
        }
        try
        {
            Dispatch(ref job, parts, threads);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>
    /// Sets up the pool's slot for jobs of type <typeparamref name="TJob"/> (allocated once per type, on first use).
    /// Kernels call it also when they run inline, because whether a call splits can change between calls (the pool
    /// busy with another thread's job, the costs measured by another thread): a first split in a later call must not
    /// allocate, since a training step promises to allocate nothing after the first.
    /// </summary>
    internal static void Prepare<TJob>()
        where TJob : struct, IParallelJob =>
        GC.KeepAlive(JobSlot<TJob>.Runner);

    // Every part, on this thread; like a parallel run, a part that throws does not stop the others.
    private static void RunInline<TJob>(ref TJob job, int parts)
        where TJob : struct, IParallelJob
    {
        ExceptionDispatchInfo? error = null;
        for (int part = 0; part < parts; part++)
        {
            try
            {
                job.Run(part, parts);
            }
            catch (Exception e)
            {
                error ??= ExceptionDispatchInfo.Capture(e);
            }
        }
        error?.Throw();
    }

    private static void Dispatch<TJob>(ref TJob job, int parts, int threads)
        where TJob : struct, IParallelJob
    {
        EnsureWorkers(threads - 1);
        Volatile.Write(ref s_parallelRuns, s_parallelRuns + 1); // one writer: the thread holding s_busy
        JobSlot<TJob>.Job = job;
        s_runner = JobSlot<TJob>.Runner;
        s_parts = parts;
        s_threads = threads;
        s_finished = 0;
        s_error = null;
        int generation = ++s_generation;
        Interlocked.Exchange(ref s_claims, (long)generation << 32);
        Worker[] workers = s_workers;
        for (int w = 0; w < threads - 1; w++)
        {
            workers[w].Wake();
        }
        try
        {
            while (TryClaim(generation, out int part))
            {
                try
                {
                    job.Run(part, parts);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref s_error, ExceptionDispatchInfo.Capture(e), null);
                }
                Finish();
            }
        }
        finally
        {
            WaitForParts(parts);
            s_runner = null;
            JobSlot<TJob>.Job = default;
        }
        ExceptionDispatchInfo? error = s_error;
        s_error = null;
        error?.Throw();
    }

    private static bool TryClaim(int generation, out int part)
    {
        while (true)
        {
            long claims = Volatile.Read(ref s_claims);
            part = (int)claims;
            if ((int)(claims >> 32) != generation || part >= Volatile.Read(ref s_parts))
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref s_claims, claims + 1, claims) == claims)
            {
                return true;
            }
        }
    }

    private static void Finish()
    {
        if (Interlocked.Increment(ref s_finished) == s_parts && Volatile.Read(ref s_callerSleeping) != 0)
        {
            lock (s_doneGate)
            {
                Monitor.Pulse(s_doneGate);
            }
        }
    }

    private static void WaitForParts(int parts)
    {
        var spinner = new Spinner(Stopwatch.GetTimestamp());
        while (Volatile.Read(ref s_finished) != parts)
        {
            if (!spinner.Spin())
            {
                // Announce the sleep, then check again (the finisher increments, then checks the announcement).
                lock (s_doneGate)
                {
                    Interlocked.Exchange(ref s_callerSleeping, 1);
                    while (Volatile.Read(ref s_finished) != parts)
                    {
                        Monitor.Wait(s_doneGate);
                    }
                    s_callerSleeping = 0;
                }
                return;
            }
        }
    }

    // Only the thread holding s_busy gets here, so the array has one writer.
    private static void EnsureWorkers(int count)
    {
        Worker[] workers = s_workers;
        if (workers.Length >= count)
        {
            return;
        }
        if (workers.Length == 0)
        {
            // Take the blocking path once now, so that whatever it sets up is not allocated in a later call.
            lock (s_doneGate)
            {
                Monitor.Wait(s_doneGate, 0);
            }
        }
        var grown = new Worker[count];
        Array.Copy(workers, grown, workers.Length);
        for (int w = workers.Length; w < count; w++)
        {
            grown[w] = new Worker(w + 1, s_generation);
        }
        Volatile.Write(ref s_workers, grown);
    }

    // Spins for a millisecond, then gives up so that the caller blocks. It never yields: on a busy machine a
    // yielded core goes to another process for a whole time slice, and the job waits for it.
    private struct Spinner
    {
        private static readonly long s_spinTicks = Stopwatch.Frequency / 1_000;
        private readonly long _start;
        private int _count;

        public Spinner(long start)
        {
            _start = start;
            _count = 0;
        }

        public bool Spin()
        {
            if ((++_count & 63) == 0 && Stopwatch.GetTimestamp() - _start > s_spinTicks)
            {
                return false;
            }
            Thread.SpinWait(4);
            return true;
        }
    }

    private sealed class Worker
    {
        private readonly int _index;
        private readonly object _gate = new();
        private int _sleeping;
        private int _started;

        // The worker waits for the first generation after `generation`, the last one published. The constructor
        // returns once the thread runs, so that its start-up allocations happen during the caller's warm-up.
        public Worker(int index, int generation)
        {
            _index = index;
            new Thread(Loop) { IsBackground = true, Name = $"NetGen worker {index}" }.Start(generation);
            while (Volatile.Read(ref _started) == 0)
            {
                Thread.Yield();
            }
        }

        // After the caller has published a generation: a sleeping worker needs a pulse.
        public void Wake()
        {
            if (Volatile.Read(ref _sleeping) != 0)
            {
                lock (_gate)
                {
                    Monitor.Pulse(_gate);
                }
            }
        }

        private void Loop(object? generation)
        {
            // Whatever a worker sets up on first use is set up now: the blocking path, and the GEMM's packing buffers
            // (a worker may first run a part long after warm-up, when the caller has run every part until then).
            lock (_gate)
            {
                Monitor.Wait(_gate, 0);
            }
#if NET8_0_OR_GREATER
            GemmScratch.Prepare();
#endif
            Volatile.Write(ref _started, 1);
            int seen = (int)generation!;
            while (true)
            {
                seen = AwaitGeneration(seen);
                if (_index >= Volatile.Read(ref s_threads))
                {
                    continue;
                }
                while (TryClaim(seen, out int part))
                {
                    try
                    {
                        s_runner!.Run(part, s_parts);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref s_error, ExceptionDispatchInfo.Capture(e), null);
                    }
                    Finish();
                }
            }
        }

        private int AwaitGeneration(int seen)
        {
            var spinner = new Spinner(Stopwatch.GetTimestamp());
            int generation;
            while ((generation = (int)(Volatile.Read(ref s_claims) >> 32)) == seen)
            {
                if (!spinner.Spin())
                {
                    Sleep(seen);
                    spinner = new Spinner(Stopwatch.GetTimestamp());
                }
            }
            return generation;
        }

        // Announce the sleep, then check again: the caller publishes the generation, then checks the announcement, and
        // its pulse cannot come between our check and our wait because both hold the gate.
        private void Sleep(int seen)
        {
            lock (_gate)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                while ((int)(Volatile.Read(ref s_claims) >> 32) == seen)
                {
                    Monitor.Wait(_gate);
                }
                _sleeping = 0;
            }
        }
    }

    // The job being run, for the workers; one slot per job type, used by one job at a time (s_busy).
    private static class JobSlot<TJob>
        where TJob : struct, IParallelJob
    {
        public static TJob Job;

        public static readonly IPartRunner Runner = new SlotRunner();

        private sealed class SlotRunner : IPartRunner
        {
            public void Run(int part, int parts) => Job.Run(part, parts);
        }
    }
}
