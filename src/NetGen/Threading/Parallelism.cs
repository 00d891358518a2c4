using System;
using System.Threading;

namespace NetGen.Threading;

/// <summary>How many threads NetGen's kernels may use.</summary>
public static class Parallelism
{
    private static int s_maxDegree = Environment.ProcessorCount;

    /// <summary>
    /// The most threads a kernel call may use, the calling thread included; by default
    /// <see cref="Environment.ProcessorCount"/>. <c>1</c> runs everything inline on the calling thread, with no
    /// synchronisation at all. Results do not depend on it: every output element is computed by one thread, in the
    /// same order, whatever the degree.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegree
    {
        get => Volatile.Read(ref s_maxDegree);
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The degree of parallelism must be at least 1.");
            }
            Volatile.Write(ref s_maxDegree, value);
        }
    }
}
