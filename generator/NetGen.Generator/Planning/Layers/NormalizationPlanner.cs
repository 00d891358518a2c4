using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning.Layers;

/// <summary>
/// Batch normalisation (<c>BatchNorm1d</c> after a dense layer, <c>BatchNorm2d</c> after a convolution) and dropout,
/// the two layers that behave differently in training and inference.
/// </summary>
internal static class NormalizationPlanner
{
    public static EquatableArray<int>? InferBatchNorm(LayerContext context, BatchNormSpec norm)
    {
        if (!(norm.Momentum >= 0 && norm.Momentum <= 1))
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "Momentum", Literals.Double(norm.Momentum),
                "use a momentum in [0, 1]; PyTorch's default is 0.1");
        }
        // The kernels compute in float: an epsilon that rounds to 0 divides by zero on a constant channel.
        if (!(norm.Epsilon > 0 && norm.Epsilon < 1 && (float)norm.Epsilon > 0))
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "Epsilon", Literals.Double(norm.Epsilon),
                "use a small positive epsilon that a float can hold (at least 1e-45); PyTorch's default is 1e-5");
        }
        ActivationRules.Validate(context, norm.Activation, norm.LeakySlope);
        return context.HasErrors ? null : context.InShape;
    }

    /// <summary>Learnable scale and shift per channel; running mean and variance as state; batch statistics saved for backward.</summary>
    public static LayerNeeds BatchNormNeeds(EquatableArray<int> inShape)
    {
        int channels = inShape[0];
        var c = Shapes.Of(channels);
        return LayerNeeds.None with
        {
            Parameters = new[] { new TensorRequest("weight", TensorRole.NormalizationScale, c, TensorInit.Ones), new TensorRequest("bias", TensorRole.NormalizationShift, c, TensorInit.Zeros) }.ToEquatableArray(),
            Buffers = new[] { new TensorRequest("running_mean", TensorRole.RunningMean, c, TensorInit.Zeros), new TensorRequest("running_var", TensorRole.RunningVariance, c, TensorInit.Ones) }.ToEquatableArray(),
            SavedFloats = (int)System.Math.Min(2L * channels, int.MaxValue), // above the array limit when clamped: reported as too large
        };
    }

    public static EquatableArray<int>? InferDropout(LayerContext context, DropoutSpec dropout)
    {
        // Checked as the float the kernel gets: 0.9999999999 rounds to 1, which would scale the kept values by 1/0.
        if (!(dropout.Probability >= 0 && (float)dropout.Probability < 1))
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "probability", Literals.Double(dropout.Probability),
                "use a probability of dropping in [0, 1) that stays below 1 as a float (at most 0.99999994), such as 0.25");
            return null;
        }
        return context.InShape;
    }

    /// <summary>The mask of the last training forward pass, one float per activation.</summary>
    public static LayerNeeds DropoutNeeds(int maxBatch, int size) => LayerNeeds.None with { SavedFloats = (int)System.Math.Min((long)maxBatch * size, int.MaxValue) };
}
