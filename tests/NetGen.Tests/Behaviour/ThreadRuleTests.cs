using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// A network is used by one thread at a time: its activations and gradients live in buffers of its own, so two
/// overlapping calls would corrupt each other. Overlap is detected and refused with a message naming the rule; calls
/// from several threads one after another, and calls nested on one thread, are fine.
/// </summary>
public class ThreadRuleTests
{
    [Fact]
    public void ExclusiveUse_SecondThreadWhileHeld_ThrowsNamingTheRule_AndWorksOnceReleased()
    {
        var use = new ExclusiveUse();
        ExclusiveUse.Scope held = use.Enter("Net", "TrainStep");
        Exception? fromOther = null;

        RunOnOtherThread(() => fromOther = Record.Exception(() => use.Enter("Net", "Forward").Dispose()));
        held.Dispose();
        Exception? afterRelease = null;
        RunOnOtherThread(() => afterRelease = Record.Exception(() => use.Enter("Net", "Forward").Dispose()));

        var e = Assert.IsType<InvalidOperationException>(fromOther);
        Assert.Contains("Net: Forward was called on thread", e.Message);
        Assert.Contains("while TrainStep is running", e.Message);
        Assert.Contains("one thread at a time", e.Message);
        Assert.Null(afterRelease);
    }

    [Fact]
    public void ExclusiveUse_NestedOnOneThread_IsAllowed_AndTheOuterCallReleases()
    {
        var use = new ExclusiveUse();
        using (use.Enter("Net", "TrainStep"))
        {
            using (use.Enter("Net", "TrainStep"))
            {
            }
            Exception? inside = null;
            RunOnOtherThread(() => inside = Record.Exception(() => use.Enter("Net", "Forward").Dispose()));
            Assert.IsType<InvalidOperationException>(inside); // the nested scope did not release the outer one
        }
        Exception? after = null;
        RunOnOtherThread(() => after = Record.Exception(() => use.Enter("Net", "Forward").Dispose()));
        Assert.Null(after);
    }

    [Fact]
    public void Network_UsedByTwoThreadsAtOnce_OneCallIsRefused()
    {
        var net = new MnistCnn(1);
        float[] input = Enumerable.Range(0, 16 * MnistCnn.InputSize).Select(i => (i % 13) / 13f).ToArray();
        float[] labels = Enumerable.Range(0, 16).Select(i => (float)(i % 10)).ToArray();
        var sgd = new Sgd(0.01f);
        var output = new float[16 * MnistCnn.OutputSize];
        Exception? refused = null;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        void Hammer(Action call)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    call();
                }
                catch (Exception e) // anything else would be a corruption the guard exists to prevent
                {
                    Interlocked.CompareExchange(ref refused, e, null);
                    stop.Cancel();
                }
            }
        }

        var trainer = new Thread(() => Hammer(() => net.TrainStep(input, labels, 16, sgd)));
        var reader = new Thread(() => Hammer(() => net.Forward(input, output, 16)));
        trainer.Start();
        reader.Start();
        trainer.Join();
        reader.Join();

        Assert.IsType<InvalidOperationException>(refused);
        Assert.Contains("MnistCnn: ", refused!.Message);
        Assert.Contains("A network is used by one thread at a time", refused.Message);
    }

    [Fact]
    public void Network_UsedByTwoThreadsOneAfterTheOther_Works()
    {
        var net = new IrisMlp(1);
        float[] input = { 0.1f, 0.2f, 0.3f, 0.4f };
        var first = new float[3];
        var second = new float[3];

        RunOnOtherThread(() => net.Forward(input, first, 1));
        RunOnOtherThread(() => net.Forward(input, second, 1));
        net.TrainStep(input, new[] { 1f }, 1, new Sgd(0.1f)); // and on this thread

        Assert.Equal(first, second);
    }

    [Fact]
    public void Forward_WithTheGuard_AllocatesNothing()
    {
        var net = new IrisMlp(1);
        float[] input = { 0.1f, 0.2f, 0.3f, 0.4f };
        var output = new float[3];
        net.Forward(input, output, 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            net.Forward(input, output, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RunOnOtherThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the other thread did not finish");
    }
}
