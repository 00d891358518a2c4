using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning.Layers;

/// <summary>
/// Max and average pooling (<c>MaxPool2d</c>, <c>AvgPool2d</c> with PyTorch's defaults: stride = kernel, floor
/// mode, average counting padded zeros) and global average pooling, which gives one value per channel.
/// </summary>
internal static class PoolPlanner
{
    public static EquatableArray<int>? Infer(LayerContext context, Pool2DSpec pool)
    {
        bool valid = context.Positive(pool.Kernel, "kernel") & context.Positive(pool.Stride, "stride");
        if (pool.Padding < 0 || (pool.Kernel > 0 && 2L * pool.Padding > pool.Kernel))
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "Padding", Literals.Int(pool.Padding),
                "pooling padding must be between 0 and half the kernel (" + Literals.Int(System.Math.Max(pool.Kernel, 0) / 2) + "), as in PyTorch");
            valid = false;
        }
        if (!context.RequireImage() || !valid)
        {
            return null;
        }
        var window = new Window(pool.Kernel, pool.Kernel, pool.Stride, pool.Padding, pool.Padding, 1);
        return window.OutputSize(context, context.InShape, exact: false) is { } size
            ? context.Output(" (padding " + Literals.Int(pool.Padding) + ", on an input of " + Shapes.Text(context.InShape) + ")",
                "use less padding or a larger stride", context.InShape[0], size.Height, size.Width)
            : null;
    }

    public static LayerNeeds Needs(Pool2DSpec pool, int maxBatch, int outSize) =>
        pool.IsMax
            ? LayerNeeds.None with { IndexInts = (int)System.Math.Min((long)maxBatch * outSize, int.MaxValue) } // the arg-max of each output, for backward
            : LayerNeeds.None;

    public static EquatableArray<int>? InferGlobal(LayerContext context) =>
        context.RequireImage() ? Shapes.Of(context.InShape[0]) : null;
}
