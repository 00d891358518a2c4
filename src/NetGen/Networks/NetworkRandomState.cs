namespace NetGen;

/// <summary>The state of a network's own random numbers: the seed of its dropout masks and the training passes so far.</summary>
/// <param name="Seed">The seed given to the constructor or to <c>Initialize</c>.</param>
/// <param name="Step">Training forward passes so far: the counter of the counter-based mask generator.</param>
public readonly record struct NetworkRandomState(long Seed, long Step);
