using Xunit;

namespace NetGen.Tests.Threading;

/// <summary>
/// Tests that change <see cref="NetGen.Threading.Parallelism.MaxDegree"/>, need the worker pool to themselves, or
/// count every thread's allocations: they run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ParallelismCollection
{
    public const string Name = "Parallelism";
}
