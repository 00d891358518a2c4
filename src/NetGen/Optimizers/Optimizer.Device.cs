using System;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NetGen.Gpu")]

namespace NetGen.Optimizers;

/// <summary>
/// Something that keeps a newer copy of an optimizer's state than its <see cref="Optimizer.StateTensors"/> arrays
/// (a GPU network keeps it in device memory between steps) and can copy it back.
/// </summary>
internal interface IOptimizerStateHolder
{
    /// <summary>Copies the newer state into <paramref name="optimizer"/>'s state arrays (<see cref="Optimizer.StateArrays"/>).</summary>
    void CopyStateToHost(Optimizer optimizer);
}

// Steps taken elsewhere (a GPU network's update kernel): the optimizer still counts the steps, computes their scalars
// and owns the state, but between steps the newest state may live with a holder. The rule: whoever touches the state
// arrays on the host (StateTensors, LoadState, a host Step) first brings the holder's copy home, after which the
// holder no longer has the newer copy, so it uploads the arrays before its next step.
public abstract partial class Optimizer
{
    private IOptimizerStateHolder? _newerState;

    /// <summary>The holder whose copy of the state is newer than the arrays, or null when the arrays are current.</summary>
    internal IOptimizerStateHolder? NewerStateHolder => _newerState;

    /// <summary>The state arrays in <see cref="StateTensors"/> order, without bringing a holder's newer copy home.</summary>
    internal OptimizerStateTensor[] StateArrays => _state;

    /// <summary>The arena's partition into weight-decayed and excluded ranges, once bound.</summary>
    internal ReadOnlySpan<ArenaSegment> Segments => _segments;

    /// <summary>
    /// Starts a step that <paramref name="holder"/> applies: checks the arena, brings another holder's newer state home,
    /// binds on the first step, counts the step and computes its scalars. The caller then takes the scalar rule of the
    /// step (the optimizers' internal <c>Rule()</c>), applies it, and calls <see cref="TakeState"/>.
    /// </summary>
    internal void BeginExternalStep(int parameterCount, IOptimizerStateHolder holder)
    {
        CheckArena(parameterCount);
        if (_newerState is not null && _newerState != holder)
        {
            SyncState();
        }
        if (_boundLength < 0)
        {
            Bind(parameterCount);
        }
        StepCount++;
        BeginStep();
    }

    /// <summary>Records that <paramref name="holder"/> now has the newer copy of the state.</summary>
    internal void TakeState(IOptimizerStateHolder holder) => _newerState = holder;

    /// <summary>Brings a holder's newer copy of the state into the arrays; nothing when they are current.</summary>
    internal void SyncState()
    {
        if (_newerState is { } holder)
        {
            _newerState = null;
            holder.CopyStateToHost(this);
        }
    }
}
