using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Checkpoints of optimizer state: <see cref="Optimizer.StateTensors"/> under PyTorch's state keys, and
/// <see cref="Optimizer.LoadState"/> restoring them so that a resumed run is bit-identical to an uninterrupted one.
/// </summary>
public class OptimizerStateTests
{
    private const int Length = 37;

    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void StateTensors_BeforeTheFirstStep_AreEmpty(string name)
    {
        Assert.Empty(OptimizerCases.Get(name).Create().StateTensors);
    }

    [Theory]
    [InlineData("sgd", "")]
    [InlineData("sgd-l2", "")]
    [InlineData("sgd-momentum", "momentum_buffer")]
    [InlineData("adam", "exp_avg exp_avg_sq")]
    [InlineData("adam-amsgrad", "exp_avg exp_avg_sq max_exp_avg_sq")]
    [InlineData("adamw-amsgrad", "exp_avg exp_avg_sq max_exp_avg_sq")]
    [InlineData("rmsprop", "square_avg")]
    [InlineData("rmsprop-centered", "square_avg grad_avg")]
    [InlineData("rmsprop-centered-momentum-l2", "square_avg momentum_buffer grad_avg")]
    [InlineData("adagrad-initial-accumulator", "sum")]
    public void StateTensors_AfterAStep_AreNamedAsPyTorchStateKeys(string name, string keys)
    {
        Optimizer optimizer = OptimizerCases.Get(name).Create();
        optimizer.Step(new float[Length], new float[Length]);

        Assert.Equal(keys.Split(' ', StringSplitOptions.RemoveEmptyEntries), optimizer.StateTensors.Select(s => s.Name));
        Assert.All(optimizer.StateTensors, s => Assert.Equal(Length, s.Values.Length));
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void LoadState_AfterFiveSteps_ContinuesBitIdenticalToTenUninterruptedSteps(string name)
    {
        OptimizerCase c = OptimizerCases.Get(name);
        AssertResumesBitIdentical(c.Create);
    }

    [Theory]
    [InlineData("adamw-amsgrad")]
    [InlineData("sgd-nesterov-l2")]
    [InlineData("rmsprop-centered-momentum-l2")]
    public void LoadState_WithWeightDecayExclusions_ContinuesBitIdentical(string name)
    {
        TensorInfo[] tensors = { new("w", 0, TensorRole.Weight, 30), new("b", 30, TensorRole.Bias, 7) };
        OptimizerCase c = OptimizerCases.Get(name);
        AssertResumesBitIdentical(() =>
        {
            Optimizer optimizer = c.Create();
            optimizer.ExcludeFromWeightDecay(tensors);
            return optimizer;
        });
    }

    [Theory]
    [InlineData("adam-amsgrad-l2")]
    [InlineData("adagrad-all")]
    public void LoadState_IntoAnOptimizerThatHasStepped_RewindsIt(string name)
    {
        Optimizer optimizer = OptimizerCases.Get(name).Create();
        (float[] p, float[][] gradients) = OptimizerTrajectory.Data(Length, 10, 11);
        Run(optimizer, p, gradients, 0, 5);
        (long step, float lr, Dictionary<string, float[]> saved) = Save(optimizer);
        float[] savedParameters = (float[])p.Clone();
        Run(optimizer, p, gradients, 5, 10);
        float[] firstContinuation = (float[])p.Clone();

        optimizer.LoadState(step, lr, saved);
        Run(optimizer, savedParameters, gradients, 5, 10);

        Assert.Equal(firstContinuation, savedParameters);
        Assert.Equal(10, optimizer.StepCount);
    }

    [Theory]
    [InlineData("adagrad-initial-accumulator")]
    [InlineData("sgd-momentum")]
    [InlineData("adam")]
    public void LoadState_AtStepZero_ResetsToAFreshOptimizer(string name)
    {
        OptimizerCase c = OptimizerCases.Get(name);
        Optimizer used = c.Create();
        Optimizer fresh = c.Create();
        (float[] a, float[][] gradients) = OptimizerTrajectory.Data(Length, 6, 12);
        Run(used, (float[])a.Clone(), gradients, 0, 3);

        used.LoadState(0, fresh.LearningRate, new Dictionary<string, float[]>());
        float[] b = (float[])a.Clone();
        Run(used, a, gradients, 0, 6);
        Run(fresh, b, gradients, 0, 6);

        Assert.Equal(b, a);
    }

    [Theory]
    [InlineData("unknown name", "has a tensor named 'exp_avgs' but this Adam keeps 'exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'")]
    [InlineData("missing name", "lacks the tensor 'max_exp_avg_sq', which this Adam needs after step 5")]
    [InlineData("short tensor", "'exp_avg_sq' has 36 values but 'exp_avg' has 37")]
    [InlineData("null tensor", "lacks the tensor 'exp_avg_sq'")]
    [InlineData("tensors at step 0", "at step 0 has no tensors")]
    [InlineData("other arena", "have 40 values each but this optimizer holds state for 37 parameters")]
    [InlineData("negative step", "step count must be >= 0")]
    [InlineData("negative learning rate", "learning rate must be a finite number >= 0")]
    public void LoadState_BadCheckpoint_ThrowsAndChangesNothing(string problem, string phrase)
    {
        var stepped = new Adam(0.01f, amsgrad: true);
        (float[] p, float[][] gradients) = OptimizerTrajectory.Data(Length, 3, 13);
        Run(stepped, p, gradients, 0, 3);
        stepped.LearningRate = 0.02f;
        float[][] before = stepped.StateTensors.Select(s => (float[])s.Values.Clone()).ToArray();
        var fresh = new Adam(0.01f, amsgrad: true);

        var e = Assert.ThrowsAny<ArgumentException>(() => Load(stepped, problem));
        Assert.Contains(phrase, e.Message);
        Assert.Equal(3, stepped.StepCount);
        Assert.Equal(0.02f, stepped.LearningRate);
        Assert.Equal(before, stepped.StateTensors.Select(s => s.Values));

        if (problem != "other arena")
        {
            Assert.ThrowsAny<ArgumentException>(() => Load(fresh, problem));
            Assert.Equal(0, fresh.StepCount);
            Assert.Empty(fresh.StateTensors);
            fresh.Step(new float[3], new float[3]);   // still free to bind to any arena
        }
    }

    [Fact]
    public void LoadState_OptimizerWithoutState_RestoresStepCountAndLearningRate()
    {
        var sgd = new Sgd(0.1f);
        sgd.LoadState(42, 0.03f, new Dictionary<string, float[]>());

        Assert.Equal(42, sgd.StepCount);
        Assert.Equal(0.03f, sgd.LearningRate);
        Assert.Empty(sgd.StateTensors);
        var e = Assert.Throws<ArgumentException>(() => sgd.LoadState(1, 0.1f, new Dictionary<string, float[]> { ["momentum_buffer"] = new float[3] }));
        Assert.Contains("this Sgd keeps no state tensors", e.Message);
    }

    private static void AssertResumesBitIdentical(Func<Optimizer> create)
    {
        (float[] start, float[][] gradients) = OptimizerTrajectory.Data(Length, 10, 9);
        float[] uninterrupted = (float[])start.Clone();
        Run(create(), uninterrupted, gradients, 0, 10);

        float[] resumed = (float[])start.Clone();
        Optimizer first = create();
        Run(first, resumed, gradients, 0, 5);
        (long step, float lr, Dictionary<string, float[]> saved) = Save(first);
        Optimizer second = create();
        second.LearningRate = 123f;   // must be replaced by the checkpoint's
        second.LoadState(step, lr, saved);
        Assert.Equal(5, second.StepCount);
        Run(second, resumed, gradients, 5, 10);

        Assert.Equal(uninterrupted, resumed);
    }

    // Steps [from, to) with gradients[s]; halves the learning rate at step 3, as a step schedule would.
    private static void Run(Optimizer optimizer, float[] p, float[][] gradients, int from, int to)
    {
        for (int s = from; s < to; s++)
        {
            if (s == 3)
            {
                optimizer.LearningRate *= 0.5f;
            }
            optimizer.Step(p, gradients[s]);
        }
    }

    private static (long Step, float LearningRate, Dictionary<string, float[]> Tensors) Save(Optimizer optimizer) =>
        (optimizer.StepCount, optimizer.LearningRate,
            optimizer.StateTensors.ToDictionary(s => s.Name, s => (float[])s.Values.Clone()));

    private static void Load(Optimizer optimizer, string problem)
    {
        var tensors = new Dictionary<string, float[]>
        {
            ["exp_avg"] = new float[Length],
            ["exp_avg_sq"] = new float[Length],
            ["max_exp_avg_sq"] = new float[Length],
        };
        long step = 5;
        float lr = 0.01f;
        switch (problem)
        {
            case "unknown name":
                tensors["exp_avgs"] = new float[Length];
                break;
            case "missing name":
                tensors.Remove("max_exp_avg_sq");
                break;
            case "short tensor":
                tensors["exp_avg_sq"] = new float[Length - 1];
                break;
            case "null tensor":
                tensors["exp_avg_sq"] = null!;
                break;
            case "tensors at step 0":
                step = 0;
                break;
            case "other arena":
                tensors = tensors.ToDictionary(t => t.Key, _ => new float[40]);
                break;
            case "negative step":
                step = -1;
                break;
            case "negative learning rate":
                lr = -0.1f;
                break;
        }
        optimizer.LoadState(step, lr, tensors);
    }
}
