namespace NetGen.Optimizers;

/// <summary>
/// One of an optimizer's per-parameter state tensors, flattened to the parameter arena's layout, for checkpoints.
/// </summary>
/// <param name="Name">PyTorch's state key: <c>momentum_buffer</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>, <c>square_avg</c>, <c>grad_avg</c> or <c>sum</c>.</param>
/// <param name="Values">The optimizer's live values, one per parameter: the next step changes them, so copy or write them out before stepping again.</param>
public sealed record OptimizerStateTensor(string Name, float[] Values);
