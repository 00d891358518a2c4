using System.Linq;
using NetGen.Generator.Emit.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>
/// Writes <c>ComputeLoss</c>, <c>Backward</c> and <c>BackwardCore</c>: the loss's fused gradient, then each layer's
/// backward in exact reverse order, accumulating into gradients zeroed once per step.
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(IndentedWriter w, NetworkPlan plan)
    {
        string loss = LossStruct(plan.Spec.Loss);
        PlannedLayer output = plan.Output;

        w.Line("/// <summary>The mean loss of the last forward pass against <paramref name=\"target\"/> (batch, TargetSize), without gradients.</summary>");
        using (w.Block($"public float ComputeLoss({ReadOnlySpan} target, int batch)"))
        {
            w.Line(Enter("ComputeLoss"));
            w.Line($"{Guard}.ForwardRan(_forwardBatch, batch, NetworkName);");
            w.Line("ValidateTarget(target, batch);");
            w.Line($"return {loss}.Forward(LastOutput, target, batch, OutputSize);");
        }
        w.Line();

        w.Line("/// <summary>");
        w.Line("/// Zeroes the gradients and back-propagates the mean loss of the last forward pass against");
        w.Line("/// <paramref name=\"target\"/> (batch, TargetSize) into <see cref=\"Gradients\"/>; returns the loss.");
        w.Line("/// </summary>");
        using (w.Block($"public float Backward({ReadOnlySpan} target, int batch)"))
        {
            w.Line(Enter("Backward"));
            w.Line($"{Guard}.ForwardRan(_forwardBatch, batch, NetworkName);");
            w.Line($"{Guard}.ParametersUnchanged(_forwardCurrent, NetworkName);");
            if (plan.HasModeDependentLayers)
            {
                w.Line($"{Guard}.TrainingForwardRan(_forwardTraining, NetworkName);");
            }
            w.Line("ValidateTarget(target, batch);");
            w.Line("return BackwardCore(target, batch, accumulate: false, scale: 1f);");
        }
        w.Line();

        using (w.Block($"private float BackwardCore({ReadOnlySpan} target, int batch, bool accumulate, float scale)"))
        {
            using (w.Block("if (!accumulate)"))
            {
                w.Line($"new {Span}(_gradients).Clear();");
            }
            // The loss writes the output's gradient; every other gradient is accumulated by the layer that reads it.
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.GradientOffset >= 0 && !l.IsAlias && !l.IsOutput))
            {
                w.Line($"{Dout(layer)}.Clear();");
            }
            w.Line();
            w.Line($"// loss: {plan.Spec.Loss}, {LossNote(plan)}: out (B, {plan.OutputSize}) -> dout (B, {plan.OutputSize})");
            w.Line($"float loss = {loss}.ForwardBackward(LastOutput, target, Dact({DoutOffset(output)}, batch * OutputSize), batch, OutputSize);");
            using (w.Block("if (scale != 1f)"))
            {
                w.Line($"{Kernels}.ArenaOps.Scale(Dact({DoutOffset(output)}, batch * OutputSize), scale); // every gradient below scales with it");
            }
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.GradientOffset >= 0).Reverse())
            {
                w.Line();
                LayerEmitters.EmitBackward(w, layer);
            }
            w.Line();
            w.Line("return loss;");
        }
        w.Line();

        using (w.Block($"private static void ValidateTarget({ReadOnlySpan} target, int batch)"))
        {
            w.Line($"{Guard}.Length(target.Length, batch, TargetSize, \"target\", NetworkName);");
            w.Line(plan.Spec.Loss switch
            {
                Loss.SoftmaxCrossEntropy => $"{Guard}.ClassLabels(target, OutputSize, NetworkName);",
                Loss.BinaryCrossEntropy => $"{Guard}.Probabilities(target, NetworkName);",
                _ => $"{Guard}.Finite(target, \"target\", NetworkName);",
            });
        }
        w.Line();
    }

    private static string LossNote(NetworkPlan plan) => plan.Spec.Loss switch
    {
        Loss.SoftmaxCrossEntropy => "softmax fused, dlogits = (softmax - onehot) / B",
        Loss.BinaryCrossEntropy => "sigmoid fused, dlogits = (sigmoid - t) / (B * OutputSize)",
        _ => "dout = 2 (out - t) / (B * OutputSize)",
    };
}
