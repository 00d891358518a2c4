namespace NetGen.Random;

/// <summary>The 128 bits of an <see cref="Rng"/>'s state, for checkpoints.</summary>
/// <param name="Low">The first 64 bits.</param>
/// <param name="High">The last 64 bits.</param>
public readonly record struct RngState(ulong Low, ulong High);
