using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace NetGen.Optimizers;

// Checkpoint support: the per-parameter state tensors under PyTorch's state keys, and restoring them (with the step
// count and learning rate) so that a resumed run continues bit for bit like an uninterrupted one.
public abstract partial class Optimizer
{
    private OptimizerStateTensor[] _state = Array.Empty<OptimizerStateTensor>();
    private IReadOnlyList<OptimizerStateTensor> _stateView = Array.Empty<OptimizerStateTensor>();

    /// <summary>
    /// The optimizer's per-parameter state under PyTorch's state keys (<c>exp_avg</c>, <c>exp_avg_sq</c>...), in the
    /// order PyTorch creates them; empty before the first step, and for optimizers that keep none (SGD without momentum).
    /// The arrays are the live state, not copies: write them out before the next step. When a GPU network's update
    /// kernel keeps the state in device memory, reading this property first copies it into the arrays, and the
    /// device uploads them again before its next step (so values written into them count, as on the CPU).
    /// </summary>
    public IReadOnlyList<OptimizerStateTensor> StateTensors
    {
        get
        {
            SyncState();
            return _stateView;
        }
    }

    /// <summary>
    /// The names of the state tensors this optimizer keeps once it has stepped, fixed by its hyperparameters, in
    /// PyTorch's order. The base allocates one tensor per name when the optimizer binds to an arena.
    /// </summary>
    protected virtual IReadOnlyList<string> StateNames => Array.Empty<string>();

    /// <summary>
    /// Restores a checkpoint taken from <see cref="StateTensors"/>, <see cref="StepCount"/> and <see cref="LearningRate"/>
    /// of an optimizer of the same kind and hyperparameters, so that the next steps match an uninterrupted run bit for
    /// bit. The values are copied. Set weight-decay exclusions before calling it, as before the first step.
    /// </summary>
    /// <param name="stepCount">The steps taken (&gt;= 0).</param>
    /// <param name="learningRate">The learning rate to continue with.</param>
    /// <param name="tensors">
    /// The state tensors by name: exactly <see cref="StateTensors"/>' names when <paramref name="stepCount"/> &gt; 0,
    /// none when it is 0; each with one value per parameter.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A name is unknown or missing, lengths differ from each other or from the arena this optimizer is bound to, a
    /// value is NaN or infinite (or negative in a tensor of squares), or an argument is out of range. Nothing changes.
    /// </exception>
    public void LoadState(long stepCount, float learningRate, IReadOnlyDictionary<string, float[]> tensors) =>
        ApplyState(CheckState(stepCount, learningRate, tensors));

    /// <summary>
    /// Checks a state for <see cref="LoadState"/> without changing anything, so that a checkpoint load can check every
    /// part of a file before it applies any. The tensors are not copied: keep them unchanged until <see cref="ApplyState"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The state does not fit this optimizer; the message says how.</exception>
    internal LoadedState CheckState(long stepCount, float learningRate, IReadOnlyDictionary<string, float[]> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (stepCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, "The step count must be >= 0.");
        }
        Hyperparameters.LearningRate(learningRate, nameof(learningRate));
        int length = CheckStateTensors(stepCount, tensors);
        if (length >= 0)
        {
            CheckArena(length);
        }
        return new LoadedState(stepCount, learningRate, length >= 0 ? tensors : null, length);
    }

    /// <summary>Applies a state that <see cref="CheckState"/> accepted; fails only if memory runs out.</summary>
    internal void ApplyState(LoadedState loaded)
    {
        if (loaded.Length >= 0 && _boundLength < 0)
        {
            Bind(loaded.Length);
        }
        foreach (OptimizerStateTensor state in _state)
        {
            if (loaded.Tensors is { } tensors)
            {
                tensors[state.Name].AsSpan().CopyTo(state.Values);
            }
            else
            {
                state.Values.AsSpan().Fill(InitialStateValue(state.Name));
            }
        }
        StepCount = loaded.StepCount;
        LearningRate = loaded.LearningRate;
        _newerState = null; // a device copy of older state no longer counts: the next device step uploads this one
    }

    /// <summary>A state checked by <see cref="CheckState"/>: the tensors are null at step 0, and Length is then -1.</summary>
    internal sealed record LoadedState(long StepCount, float LearningRate, IReadOnlyDictionary<string, float[]>? Tensors, int Length);

    /// <summary>The value a state tensor starts at (0 unless overridden, as Adagrad's <c>initial_accumulator_value</c>).</summary>
    protected virtual float InitialStateValue(string name) => 0f;

    /// <summary>The state tensor named <paramref name="name"/> (one of <see cref="StateNames"/>), once bound.</summary>
    /// <exception cref="InvalidOperationException">No state tensor has that name.</exception>
    protected float[] State(string name)
    {
        foreach (OptimizerStateTensor state in _state)
        {
            if (state.Name == name)
            {
                return state.Values;
            }
        }
        throw new InvalidOperationException($"{GetType().Name} keeps no state tensor named '{name}' (it keeps {Describe(StateNames)}).");
    }

    private void AllocateStateTensors(int length)
    {
        IReadOnlyList<string> names = StateNames;
        _state = new OptimizerStateTensor[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            var values = new float[length];
            values.AsSpan().Fill(InitialStateValue(names[i]));
            _state[i] = new OptimizerStateTensor(names[i], values);
        }
        _stateView = new ReadOnlyCollection<OptimizerStateTensor>(_state);
    }

    // Returns the common length of the tensors, or -1 when there are none to load; throws if they do not fit.
    private int CheckStateTensors(long stepCount, IReadOnlyDictionary<string, float[]> tensors)
    {
        IReadOnlyList<string> names = StateNames;
        string kind = GetType().Name;
        foreach (string name in tensors.Keys)
        {
            if (!Contains(names, name))
            {
                throw new ArgumentException(
                    $"The optimizer state has a tensor named '{name}' but this {kind} keeps {Describe(names)}; load state saved by an optimizer of the same kind and options.",
                    nameof(tensors));
            }
        }
        if (stepCount == 0 || names.Count == 0)
        {
            if (tensors.Count > 0)
            {
                throw new ArgumentException(
                    $"The optimizer state at step 0 has no tensors (PyTorch creates them on the first step) but {tensors.Count} were given.",
                    nameof(tensors));
            }
            return -1;
        }

        int length = -1;
        string first = "";
        foreach (string name in names)
        {
            if (!tensors.TryGetValue(name, out float[]? values) || values is null)
            {
                throw new ArgumentException(
                    $"The optimizer state lacks the tensor '{name}', which this {kind} needs after step {stepCount} (it keeps {Describe(names)}).",
                    nameof(tensors));
            }
            if (length < 0)
            {
                (length, first) = (values.Length, name);
            }
            else if (values.Length != length)
            {
                throw new ArgumentException(
                    $"The state tensor '{name}' has {values.Length} values but '{first}' has {length}; every state tensor has one value per parameter.",
                    nameof(tensors));
            }
            CheckValues(name, values, stepCount);
        }
        if (_boundLength >= 0 && length != _boundLength)
        {
            throw new ArgumentException(
                $"The state tensors have {length} values each but this optimizer holds state for {_boundLength} parameters; create one optimizer per network.",
                nameof(tensors));
        }
        return length;
    }

    // A NaN or infinite moment turns every later step's parameters into NaN; a negative sum of squares does too, through
    // its square root. Both come only from a diverged run or a corrupt file.
    private static void CheckValues(string name, float[] values, long stepCount)
    {
        bool squares = name is "exp_avg_sq" or "max_exp_avg_sq" or "square_avg" or "sum";
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!float.IsFinite(v) || (squares && v < 0))
            {
                throw new ArgumentException(
                    $"The state tensor '{name}' holds {v} at index {i}, but {(squares ? "a running sum of squares is finite and >= 0" : "its values are finite")}; " +
                    $"state from a diverged or corrupt run cannot continue (step {stepCount}): resume from an earlier checkpoint.",
                    "tensors");
            }
        }
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (string n in names)
        {
            if (n == name)
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(IReadOnlyList<string> names) =>
        names.Count == 0 ? "no state tensors" : "'" + string.Join("', '", names) + "'";
}
