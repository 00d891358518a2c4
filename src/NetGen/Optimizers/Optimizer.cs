using System;
using NetGen.Kernels;

namespace NetGen.Optimizers;

/// <summary>
/// The base of every optimizer: one <see cref="Step(Span{float}, ReadOnlySpan{float})"/> that updates a network's
/// parameter arena in place from its gradient arena, in <c>torch.optim</c>'s semantics. State (momentum buffers, moment
/// estimates...) is allocated on the first step, sized to the arena, so every later step allocates nothing.
/// </summary>
/// <remarks>
/// A step walks the arena in blocks of at most <see cref="BlockSize"/> floats, split where weight decay starts or stops
/// applying (see <see cref="ExcludeFromWeightDecay(System.Collections.Generic.IReadOnlyList{TensorInfo}, bool, bool)"/>),
/// so that an update's several vectorised passes over a block stay in cache and its scratch buffers stay small.
/// Element-wise arithmetic is float32, one rounding per PyTorch tensor op, without fused multiply-adds, so results are
/// the same on every machine; the few per-step scalars (bias corrections, step sizes) are computed in float64, as
/// PyTorch computes them in Python floats, and rounded to float32 where they meet the tensors.
/// </remarks>
public abstract partial class Optimizer
{
    /// <summary>
    /// The most floats one <see cref="UpdateBlock"/> call receives, and so the length an optimizer's scratch buffers
    /// need: 8 KiB per buffer, small enough that a block's passes stay in the L1 or L2 cache.
    /// </summary>
    protected const int BlockSize = 2048;

    private int _boundLength = -1;
    private float _learningRate;

    /// <summary>Creates an optimizer with a learning rate.</summary>
    /// <param name="learningRate">The learning rate (finite, &gt;= 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite or negative.</exception>
    protected Optimizer(float learningRate)
    {
        Hyperparameters.LearningRate(learningRate, nameof(learningRate));
        _learningRate = learningRate;
    }

    /// <summary>The learning rate used by the next step; learning-rate schedules set it before every step.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite or negative; the rate is unchanged.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            Hyperparameters.LearningRate(value, nameof(value));
            _learningRate = value;
        }
    }

    /// <summary>How many steps this optimizer has taken (PyTorch's <c>state["step"]</c>).</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates <paramref name="parameters"/> from <paramref name="gradients"/> (two spans of the same length).</summary>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, differ from the arena this optimizer first stepped, or are too short for a tensor
    /// excluded from weight decay. Nothing changes.
    /// </exception>
    /// <exception cref="NonFiniteException">
    /// The update made a parameter NaN or infinite (an overflow, or non-finite gradients). The update has been applied:
    /// the parameters and the optimizer's state are the ones it wrote, which the exception says.
    /// </exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != gradients.Length)
        {
            throw new ArgumentException(
                $"The parameter arena has {parameters.Length} floats but the gradient arena has {gradients.Length}; pass the same network's Parameters and Gradients.",
                nameof(gradients));
        }
        CheckArena(parameters.Length);
        SyncState();
        if (_boundLength < 0)
        {
            Bind(parameters.Length);
        }
        StepCount++;
        BeginStep();
        bool finite = true;
        foreach (ArenaSegment segment in _segments)
        {
            for (int start = segment.Start; start < segment.End; start += BlockSize)
            {
                int length = Math.Min(BlockSize, segment.End - start);
                Span<float> block = parameters.Slice(start, length);
                UpdateBlock(block, gradients.Slice(start, length), start, segment.Decay);
                finite &= ArenaOps.AllFinite(block); // while the block is still in the L1 cache
            }
        }
        if (!finite)
        {
            throw NonFiniteUpdate(parameters);
        }
    }

    /// <summary>
    /// Checks, without changing anything, that this optimizer can update an arena of <paramref name="parameterCount"/>
    /// floats: generated networks call it before their forward pass, so a wrong optimizer fails before any state changes.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The optimizer holds state for an arena of another size, or a tensor excluded from weight decay lies beyond the arena.
    /// </exception>
    public void CheckArena(int parameterCount)
    {
        if (_boundLength >= 0 && _boundLength != parameterCount)
        {
            throw new ArgumentException(
                $"This optimizer holds state for {_boundLength} parameters but was given {parameterCount}; create one optimizer per network.",
                "optimizer");
        }
        CheckExclusionsFit(parameterCount);
    }

    /// <summary>
    /// Allocates the optimizer's state for an arena of <paramref name="parameterCount"/> floats now instead of on the
    /// first <see cref="Step(Span{float}, ReadOnlySpan{float})"/>, so that no step allocates: for frame loops, whose
    /// first step may come mid-game. Changes no value and does nothing once the state exists. Set weight-decay exclusions before, as before the first step.
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer holds state for an arena of another size.</exception>
    public void Prepare(int parameterCount)
    {
        CheckArena(parameterCount);
        if (_boundLength < 0)
        {
            Bind(parameterCount);
        }
    }

    /// <summary>
    /// Allocates what the optimizer needs beyond its state tensors (called once, when the optimizer first meets an
    /// arena of <paramref name="length"/> floats): the state tensors named by <see cref="StateNames"/> already exist
    /// and are initialised; take them with <see cref="State"/>, and allocate scratch buffers of
    /// <c>Math.Min(length, BlockSize)</c> floats.
    /// </summary>
    protected virtual void AllocateState(int length)
    {
    }

    /// <summary>Computes the step's scalars (bias corrections...) once, before its blocks; <see cref="StepCount"/> counts this step.</summary>
    protected virtual void BeginStep()
    {
    }

    /// <summary>Applies one step's update to one block of the arena.</summary>
    /// <param name="parameters">The block's parameters, updated in place (at most <see cref="BlockSize"/> floats).</param>
    /// <param name="gradients">The block's gradients.</param>
    /// <param name="offset">The block's offset in the arena, to slice the state tensors.</param>
    /// <param name="decay">Whether weight decay applies to this block (false for excluded tensors).</param>
    protected abstract void UpdateBlock(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay);

    private void Bind(int length)
    {
        _segments = BuildSegments(length);
        AllocateStateTensors(length);
        AllocateState(length);
        _boundLength = length;
    }
}
