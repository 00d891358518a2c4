using NetGen.Generator.Model;

namespace NetGen.Generator.Planning.Layers;

/// <summary>The rules and needs of a fully connected layer: weight (out, in), bias (out).</summary>
internal static class DensePlanner
{
    public static EquatableArray<int>? Infer(LayerContext context, DenseSpec dense)
    {
        context.Positive(dense.Units, "units");
        ActivationRules.Validate(context, dense.Activation, dense.LeakySlope);
        ActivationRules.ValidateInit(context, dense.WeightInit, dense.InitValue);
        context.RequireFlat();
        if (context.HasErrors)
        {
            return null;
        }
        long weight = Sizes.Product(dense.Units, context.InShape[0]);
        if (!Sizes.FitArray(weight))
        {
            context.Error(Diagnostics.DiagnosticDescriptors.LayerTooLarge, context.Described,
                " has a weight of " + Literals.Int(dense.Units) + "x" + Literals.Int(context.InShape[0]) + " = " + Literals.Grouped(weight) + " floats",
                "use fewer units, or reduce its input first");
            return null;
        }
        return context.Output("", "use fewer units or a smaller MaxBatch", dense.Units);
    }

    public static LayerNeeds Needs(DenseSpec dense, int inSize)
    {
        int outSize = dense.Units;
        var parameters = new System.Collections.Generic.List<TensorRequest>
        {
            new("weight", TensorRole.Weight, Shapes.Of(outSize, inSize), ActivationRules.WeightInit(dense.WeightInit, dense.Activation), inSize, outSize,
                ActivationRules.Gain(dense.Activation, dense.LeakySlope), dense.InitValue),
        };
        if (dense.Bias)
        {
            parameters.Add(new TensorRequest("bias", TensorRole.Bias, Shapes.Of(outSize), TensorInit.Zeros));
        }
        long gemm = 2L * inSize * outSize, bias = dense.Bias ? outSize : 0;
        return new LayerNeeds(parameters.ToEquatableArray(), EquatableArray<TensorRequest>.Empty, 0, 0, 0,
            gemm + bias, gemm + bias, gemm);
    }
}
