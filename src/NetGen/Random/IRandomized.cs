namespace NetGen.Random;

/// <summary>
/// A component that draws random numbers (an image augmenter, say) and can save and restore its generator, so that
/// a training run resumed from a checkpoint draws the same numbers as an uninterrupted one.
/// </summary>
public interface IRandomized
{
    /// <summary>The state of the component's generator.</summary>
    RngState RandomState { get; set; }
}
