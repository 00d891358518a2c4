using NetGen.Generator.Model;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>Writes <c>TrainStep</c>: every check first, then forward, loss, backward and the optimizer's update.</summary>
internal static class TrainStepEmitter
{
    public static void Emit(IndentedWriter w, Planning.NetworkPlan plan)
    {
        const string optimizer = "global::NetGen.Optimizers.Optimizer";
        w.Line("/// <summary>");
        w.Line("/// One training step on <paramref name=\"batch\"/> samples: forward, loss, backward and the optimizer's update of");
        w.Line("/// <see cref=\"Parameters\"/>, allocating nothing. Every argument is checked before any state changes.");
        w.Line("/// </summary>");
        w.Line("/// <returns>The mean loss of the batch, before the update.</returns>");
        using (w.Block($"public float TrainStep({ReadOnlySpan} input, {ReadOnlySpan} target, int batch, {optimizer} optimizer)"))
        {
            using (w.Block("if (optimizer is null)"))
            {
                w.Line("throw new global::System.ArgumentNullException(nameof(optimizer));");
            }
            w.Line("optimizer.CheckArena(ParameterCount);");
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            if (plan.SingleValueBatchNorm is { } norm)
            {
                w.Line($"{Guard}.BatchNormTrainingBatch(batch, \"{norm.Name}\", NetworkName);");
            }
            w.Line($"{Guard}.Length(input.Length, batch, InputSize, \"input\", NetworkName);");
            w.Line($"{Guard}.Finite(input, \"input\", NetworkName);");
            w.Line("ValidateTarget(target, batch);");
            w.Line();
            w.Line("ForwardCore(input, batch, training: true);");
            w.Line("float loss = BackwardCore(target, batch);");
            w.Line("optimizer.Step(_parameters, _gradients);");
            w.Line("_forwardCurrent = false;");
            w.Line("return loss;");
        }
        w.Line();

        if (plan.Spec.Loss != Loss.SoftmaxCrossEntropy)
        {
            return;
        }
        w.Line("/// <summary>One training step with integer class labels, one per sample; see the float overload.</summary>");
        using (w.Block($"public float TrainStep({ReadOnlySpan} input, global::System.ReadOnlySpan<int> labels, int batch, {optimizer} optimizer)"))
        {
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            w.Line($"{Guard}.Length(labels.Length, batch, TargetSize, \"labels\", NetworkName);");
            w.Line($"{Guard}.ClassLabels(labels, OutputSize, NetworkName);");
            w.Line($"{Span} target = new {Span}(_labels, 0, batch);");
            using (w.Block("for (int i = 0; i < batch; i++)"))
            {
                w.Line("target[i] = labels[i];");
            }
            w.Line("return TrainStep(input, target, batch, optimizer);");
        }
        w.Line();
    }
}
