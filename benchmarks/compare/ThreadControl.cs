namespace NetGen.Compare;

/// <summary>
/// Sets how many threads NetGen's kernels may use, through <c>NetGen.Threading.Parallelism.MaxDegree</c>. The project
/// file defines <c>NETGEN_PARALLELISM</c> when the runtime it builds against has that class, so this runner also
/// builds (and reports multithreaded rows as unavailable) against a runtime from before it.
/// </summary>
public static class ThreadControl
{
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
}
