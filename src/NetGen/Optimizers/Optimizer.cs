using System;

namespace NetGen.Optimizers;

/// <summary>
/// The base of every optimizer: one <see cref="Step"/> that updates a network's parameter arena in place from its
/// gradient arena. Optimizer state (momentum buffers...) is allocated on the first step, sized to the arena, so
/// every later step allocates nothing.
/// </summary>
public abstract class Optimizer
{
    private int _boundLength = -1;

    /// <summary>The learning rate used by the next step.</summary>
    public float LearningRate { get; set; }

    /// <summary>How many steps this optimizer has taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Creates an optimizer with a learning rate.</summary>
    protected Optimizer(float learningRate)
    {
        if (!(learningRate >= 0f) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number >= 0.");
        }
        LearningRate = learningRate;
    }

    /// <summary>Updates <paramref name="parameters"/> from <paramref name="gradients"/> (two spans of the same length).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or differ from the arena this optimizer first stepped.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != gradients.Length)
        {
            throw new ArgumentException(
                $"The parameter arena has {parameters.Length} floats but the gradient arena has {gradients.Length}; pass the same network's Parameters and Gradients.",
                nameof(gradients));
        }
        CheckArena(parameters.Length);
        if (_boundLength < 0)
        {
            AllocateState(parameters.Length);
            _boundLength = parameters.Length;
        }
        StepCount++;
        Update(parameters, gradients);
    }

    /// <summary>
    /// Checks, without changing anything, that this optimizer can update an arena of <paramref name="parameterCount"/>
    /// floats: generated networks call it before their forward pass, so a wrong optimizer fails before any state changes.
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer holds state for an arena of another size.</exception>
    public void CheckArena(int parameterCount)
    {
        if (_boundLength >= 0 && _boundLength != parameterCount)
        {
            throw new ArgumentException(
                $"This optimizer holds state for {_boundLength} parameters but was given {parameterCount}; create one optimizer per network.",
                "optimizer");
        }
    }

    /// <summary>Allocates the optimizer's state for an arena of <paramref name="length"/> floats (called once).</summary>
    protected virtual void AllocateState(int length)
    {
    }

    /// <summary>Applies one update; the spans have been checked.</summary>
    protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients);
}
