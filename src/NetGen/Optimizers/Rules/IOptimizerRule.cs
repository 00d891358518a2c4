namespace NetGen.Optimizers.Rules;

/// <summary>
/// One optimizer's update of a single parameter, with the hyperparameters and the step's scalars (bias corrections,
/// the learning rate of this step) held in the struct: the scalar form of an <see cref="Optimizer"/>'s vectorised
/// <c>UpdateBlock</c>, rounding where it rounds, so that both give the same bits (a test checks every variant). The GPU
/// update kernel takes the rule as an argument and calls it once per element, so it uses no spans, arrays or managed
/// objects, and no static abstract members (the runtime also builds for netstandard2.1).
/// </summary>
public interface IOptimizerRule
{
    /// <summary>Updates one parameter and its state from its gradient.</summary>
    /// <param name="element">The parameter and its state tensors' values at this index, in the optimizer's <see cref="Optimizer.StateTensors"/> order.</param>
    /// <param name="gradient">The parameter's gradient.</param>
    /// <param name="decay">Whether weight decay applies to this parameter (false for tensors excluded from it).</param>
    /// <returns>The updated parameter and state.</returns>
    OptimizerElement Update(OptimizerElement element, float gradient, bool decay);
}

/// <summary>A parameter and up to three state values at one index of the arena (unused states are ignored).</summary>
public struct OptimizerElement
{
    /// <summary>The parameter.</summary>
    public float Parameter;

    /// <summary>The first state tensor's value (<c>momentum_buffer</c>, <c>exp_avg</c>, <c>square_avg</c> or <c>sum</c>).</summary>
    public float State0;

    /// <summary>The second state tensor's value, if the optimizer keeps two.</summary>
    public float State1;

    /// <summary>The third state tensor's value, if the optimizer keeps three.</summary>
    public float State2;

    /// <summary>An element from its parameter and state values.</summary>
    public OptimizerElement(float parameter, float state0 = 0f, float state1 = 0f, float state2 = 0f)
    {
        Parameter = parameter;
        State0 = state0;
        State1 = state1;
        State2 = state2;
    }
}
