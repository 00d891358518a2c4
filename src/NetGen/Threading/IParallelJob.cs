namespace NetGen.Threading;

/// <summary>
/// Work that splits into numbered parts, run by <see cref="WorkerPool.Run{TJob}(ref TJob, int)"/>: each part on one
/// thread, every part exactly once, in no particular order.
/// </summary>
public interface IParallelJob
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    /// <param name="part">The part, <c>0 &lt;= part &lt; parts</c>.</param>
    /// <param name="parts">The number of parts the work was split into.</param>
    void Run(int part, int parts);
}
