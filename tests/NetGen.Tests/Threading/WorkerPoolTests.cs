using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetGen.Threading;
using Xunit;

namespace NetGen.Tests.Threading;

/// <summary>The worker pool: every part once, on the threads allowed, inline when it must be, and without allocating.</summary>
[Collection(ParallelismCollection.Name)]
public class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(2, 2)]
    [InlineData(2, 7)]
    [InlineData(3, 2)]
    [InlineData(4, 13)]
    public void Run_EveryPartRunsExactlyOnce(int degree, int parts)
    {
        WithDegree(degree, () =>
        {
            var job = new CountingJob(parts);

            WorkerPool.Run(ref job, parts);

            Assert.All(job.Runs, runs => Assert.Equal(1, runs));
            Assert.All(job.PartsSeen, seen => Assert.Equal(parts, seen));
        });
    }

    [Fact]
    public void Run_DegreeOne_RunsInlineOnTheCallingThread()
    {
        WithDegree(1, () =>
        {
            var job = new CountingJob(4);

            WorkerPool.Run(ref job, 4);

            Assert.All(job.Threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        });
    }

    [Fact]
    public void Run_PartsThatWaitForEachOther_RunConcurrentlyOnTwoThreads()
    {
        WithDegree(2, () =>
        {
            var job = new RendezvousJob(new int[1], new int[2]);

            WorkerPool.Run(ref job, 2);

            Assert.Equal(2, job.Arrived[0]);
            Assert.NotEqual(job.Threads[0], job.Threads[1]);
            Assert.True(WorkerPool.WorkerCount >= 1);
        });
    }

    [Fact]
    public void Run_ManyCalls_ReuseTheSameWorkers()
    {
        WithDegree(2, () =>
        {
            var first = new RendezvousJob(new int[1], new int[2]);
            WorkerPool.Run(ref first, 2);
            int workers = WorkerPool.WorkerCount;

            for (int i = 0; i < 200; i++)
            {
                var job = new RendezvousJob(new int[1], new int[2]);
                WorkerPool.Run(ref job, 2);
                Assert.Equal(new HashSet<int>(first.Threads), new HashSet<int>(job.Threads));
            }

            Assert.Equal(workers, WorkerPool.WorkerCount);
        });
    }

    [Fact]
    public void Run_NestedJob_RunsInlineAndCompletes()
    {
        WithDegree(2, () =>
        {
            var job = new NestingJob(new int[2], new int[2 * 3]);

            WorkerPool.Run(ref job, 2);

            Assert.All(job.Outer, runs => Assert.Equal(1, runs));
            Assert.All(job.Inner, runs => Assert.Equal(1, runs));
        });
    }

    [Fact]
    public void Run_ConcurrentCallers_AllComplete()
    {
        WithDegree(2, () =>
        {
            var jobs = new CountingJob[8];
            Parallel.For(0, jobs.Length, t =>
            {
                for (int i = 0; i < 200; i++)
                {
                    var job = new CountingJob(3);
                    WorkerPool.Run(ref job, 3);
                    Assert.All(job.Runs, runs => Assert.Equal(1, runs));
                }
            });
        });
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    public void Run_PartThrows_RethrowsAfterEveryPartFinished(int degree, int throwingPart)
    {
        WithDegree(degree, () =>
        {
            var job = new ThrowingJob(new int[2], throwingPart);

            var e = Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(ref job, 2));

            Assert.Contains($"part {throwingPart}", e.Message);
            Assert.Equal(1, job.Runs[1 - throwingPart]);
            var after = new CountingJob(2);
            WorkerPool.Run(ref after, 2);
            Assert.All(after.Runs, runs => Assert.Equal(1, runs));
        });
    }

    [Fact]
    public void Run_ZeroParts_Throws()
    {
        var job = new CountingJob(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => WorkerPool.Run(ref job, 0));
    }

    [Fact]
    public void MaxDegree_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxDegree = 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_StructJob_AllocatesNothingAfterWarmUp(int degree)
    {
        WithDegree(degree, () =>
        {
            var sums = new double[2];
            var job = new SummingJob(sums);
            void Call()
            {
                for (int i = 0; i < 5; i++)
                {
                    WorkerPool.Run(ref job, 2);
                }
            }

            Assert.Equal(0, Allocations.OnThisThread(Call));
            Assert.Equal(0, Allocations.OnAllThreads(Call));
        });
    }

    private static void WithDegree(int degree, Action test)
    {
        int saved = Parallelism.MaxDegree;
        Parallelism.MaxDegree = degree;
        try
        {
            test();
        }
        finally
        {
            Parallelism.MaxDegree = saved;
        }
    }

    private readonly struct CountingJob : IParallelJob
    {
        public CountingJob(int parts)
        {
            Runs = new int[parts];
            PartsSeen = new int[parts];
            Threads = new int[parts];
        }

        public int[] Runs { get; }

        public int[] PartsSeen { get; }

        public int[] Threads { get; }

        public void Run(int part, int parts)
        {
            Interlocked.Increment(ref Runs[part]);
            PartsSeen[part] = parts;
            Threads[part] = Environment.CurrentManagedThreadId;
        }
    }

    // Each part waits (up to 30 s) until both have started, so two threads must run them.
    private readonly struct RendezvousJob : IParallelJob
    {
        public RendezvousJob(int[] arrived, int[] threads)
        {
            Arrived = arrived;
            Threads = threads;
        }

        public int[] Arrived { get; }

        public int[] Threads { get; }

        public void Run(int part, int parts)
        {
            Threads[part] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref Arrived[0]);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref Arrived[0]) < parts && clock.Elapsed.TotalSeconds < 30)
            {
                Thread.Yield();
            }
        }
    }

    private readonly struct NestingJob : IParallelJob
    {
        public NestingJob(int[] outer, int[] inner)
        {
            Outer = outer;
            Inner = inner;
        }

        public int[] Outer { get; }

        public int[] Inner { get; }

        public void Run(int part, int parts)
        {
            Interlocked.Increment(ref Outer[part]);
            var inner = new InnerJob(Inner, part * 3);
            WorkerPool.Run(ref inner, 3);
        }
    }

    private readonly struct InnerJob : IParallelJob
    {
        private readonly int[] _runs;
        private readonly int _offset;

        public InnerJob(int[] runs, int offset)
        {
            _runs = runs;
            _offset = offset;
        }

        public void Run(int part, int parts) => Interlocked.Increment(ref _runs[_offset + part]);
    }

    private readonly struct ThrowingJob : IParallelJob
    {
        private readonly int _throwingPart;

        public ThrowingJob(int[] runs, int throwingPart)
        {
            Runs = runs;
            _throwingPart = throwingPart;
        }

        public int[] Runs { get; }

        public void Run(int part, int parts)
        {
            if (part == _throwingPart)
            {
                throw new InvalidOperationException($"part {part} failed");
            }
            Thread.Sleep(20);
            Interlocked.Increment(ref Runs[part]);
        }
    }

    private readonly struct SummingJob : IParallelJob
    {
        private readonly double[] _sums;

        public SummingJob(double[] sums) => _sums = sums;

        public void Run(int part, int parts)
        {
            double s = 0;
            for (int i = 0; i < 1000; i++)
            {
                s += i * part;
            }
            _sums[part] = s;
        }
    }
}
