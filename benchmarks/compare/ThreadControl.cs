namespace NetGen.Compare;

/// <summary>
/// Sets how many threads NetGen's kernels may use, through <c>NetGen.Threading.Parallelism.MaxDegree</c>. The project
/// file defines <c>NETGEN_PARALLELISM</c> when the runtime it builds against has that class, so this runner also
/// builds (and reports multithreaded rows as unavailable) against a runtime from before it.
/// </summary>
public static class ThreadControl
{
    /// <summary>The thread limit a user who changes nothing gets, read by <see cref="RecordDefault"/> before anything sets it.</summary>
    public static int Default { get; private set; } = 1;

    /// <summary>Reads <see cref="Default"/>: the first thing the runner does.</summary>
    public static void RecordDefault() => Default = Degree;

#if NETGEN_PARALLELISM
    /// <summary>Whether NetGen's thread count can be set.</summary>
    public static bool Available => true;

    /// <summary>The thread count NetGen's kernels use.</summary>
    public static int Degree
    {
        get => NetGen.Threading.Parallelism.MaxDegree;
        set => NetGen.Threading.Parallelism.MaxDegree = value;
    }
#else
    /// <summary>Whether NetGen's thread count can be set.</summary>
    public static bool Available => false;

    /// <summary>The thread count NetGen's kernels use: 1, in a runtime without NetGen.Threading.Parallelism.</summary>
    public static int Degree
    {
        get => 1;
        set { }
    }
#endif

#if NETGEN_PARALLEL_COSTS
    /// <summary>Kernel calls so far that ran on more than one thread (-1 where the runtime does not count them).</summary>
    public static long ParallelRuns => NetGen.Threading.WorkerPool.ParallelRuns;

    /// <summary>What NetGen measured about waking threads (measuring it now if nothing has yet).</summary>
    public static string Costs => NetGen.Threading.Parallelism.Costs.ToString();
#else
    /// <summary>Kernel calls so far that ran on more than one thread (-1 where the runtime does not count them).</summary>
    public static long ParallelRuns => -1;

    /// <summary>What NetGen measured about waking threads.</summary>
    public static string Costs => "not measured by this runtime (it splits calls by a fixed threshold)";
#endif
}
