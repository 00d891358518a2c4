using System;
using System.Threading;

namespace NetGen;

/// <summary>
/// Detects a network used by two threads at once. A network keeps its activations, gradients and scratch in arenas of
/// its own, so two overlapping calls would overwrite each other's values and return wrong results with no error; the
/// rule is one thread at a time. Every entry point of a generated network enters this guard first, which costs one
/// interlocked compare-exchange and allocates nothing, and throws <see cref="InvalidOperationException"/> on overlap.
/// </summary>
/// <remarks>
/// Calls from one thread may nest (an overload calling another). Calls from several threads one after another are
/// fine: the rule is about overlap, not about which thread. Detection is best effort: two calls that race are caught
/// when they overlap, which is when they would corrupt each other.
/// </remarks>
public sealed class ExclusiveUse
{
    private int _thread; // the managed thread id of the caller inside, 0 when none
    private string _call = "";

    /// <summary>Enters the guard for <paramref name="call"/>; dispose the result when the call returns.</summary>
    /// <param name="network">The network's name, for the message.</param>
    /// <param name="call">The entry point, for example <c>Forward</c>.</param>
    /// <exception cref="InvalidOperationException">Another thread is inside a call of the same network.</exception>
    public Scope Enter(string network, string call)
    {
        int me = Environment.CurrentManagedThreadId;
        int inside = Interlocked.CompareExchange(ref _thread, me, 0);
        if (inside == 0)
        {
            _call = call;
            return new Scope(this);
        }
        if (inside == me)
        {
            return default; // a nested call on the same thread: the outer call releases the guard
        }
        throw new InvalidOperationException(
            $"{network}: {call} was called on thread {me} while {_call} is running on thread {inside}. A network is used by one thread at a time, because its activations and gradients live in buffers of its own: give each thread its own network (copy the Parameters and Buffers into it), or take a lock around the calls.");
    }

    /// <summary>Held while a call runs; disposing it releases the guard (a nested call's scope releases nothing).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ExclusiveUse? _owner;

        internal Scope(ExclusiveUse owner) => _owner = owner;

        /// <summary>Releases the guard.</summary>
        public void Dispose()
        {
            if (_owner is not null)
            {
                Volatile.Write(ref _owner._thread, 0);
            }
        }
    }
}
