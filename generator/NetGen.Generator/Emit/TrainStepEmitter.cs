using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>
/// Writes the training entry points: <c>TrainStep</c> (checks, forward, loss, backward, update), <c>ComputeGradients</c>
/// (the same without the update, for clipping and accumulation), and the guard that refuses non-finite steps.
/// </summary>
internal static class TrainStepEmitter
{
    private const string Optimizer = "global::NetGen.Optimizers.Optimizer";

    public static void Emit(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>");
        w.Line("/// One training step on <paramref name=\"batch\"/> samples: forward, loss, backward and the optimizer's update of");
        w.Line("/// <see cref=\"Parameters\"/>, allocating nothing. Every argument is checked before any state changes, and a step");
        w.Line("/// whose loss, activations, gradients or running statistics are not finite throws <see cref=\"global::NetGen.NonFiniteException\"/>");
        w.Line("/// before the update, leaving the parameters, buffers and optimizer state as they were; an update that overflows throws after it.");
        w.Line("/// </summary>");
        w.Line("/// <returns>The mean loss of the batch, before the update.</returns>");
        using (w.Block($"public float TrainStep({ReadOnlySpan} input, {ReadOnlySpan} target, int batch, {Optimizer} optimizer)"))
        {
            EmitUpdate(w, "GradientStep(input, target, batch, accumulate: false, scale: 1f)", "ValidateTraining(input, target, batch);");
        }
        w.Line();

        if (plan.Spec.Loss == Loss.SoftmaxCrossEntropy)
        {
            w.Line("/// <summary>One training step with integer class labels, one per sample; see the float overload.</summary>");
            using (w.Block($"public float TrainStep({ReadOnlySpan} input, global::System.ReadOnlySpan<int> labels, int batch, {Optimizer} optimizer)"))
            {
                w.Line(Enter("TrainStep"));
                w.Line("return TrainStep(input, Labels(labels, batch), batch, optimizer);");
            }
            w.Line();
        }

        w.Line("/// <summary>");
        w.Line("/// A training forward and backward pass without the update: replaces <see cref=\"Gradients\"/> with this batch's,");
        w.Line("/// or adds <paramref name=\"scale\"/> times them when <paramref name=\"accumulate\"/> is true (micro-batches). Returns the loss.");
        w.Line("/// A non-finite result throws <see cref=\"global::NetGen.NonFiniteException\"/> and zeroes the gradients, so an accumulation");
        w.Line("/// restarts cleanly; the parameters and buffers are unchanged.");
        w.Line("/// </summary>");
        using (w.Block($"public float ComputeGradients({ReadOnlySpan} input, {ReadOnlySpan} target, int batch, bool accumulate = false, float scale = 1f)"))
        {
            w.Line(Enter("ComputeGradients"));
            using (w.Block("if (!(scale > 0f) || float.IsInfinity(scale))"))
            {
                w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(scale), scale, NetworkName + \": the gradient scale must be a finite positive number, such as 1 / micro-batches.\");");
            }
            w.Line("ValidateTraining(input, target, batch);");
            w.Line("return GradientStep(input, target, batch, accumulate, scale);");
        }
        w.Line();

        w.Line("/// <summary>Sets every gradient to zero.</summary>");
        w.Line($"public void ZeroGradients() => new {Span}(_gradients).Clear();");
        w.Line();

        w.Line("/// <summary>");
        w.Line("/// Records that <see cref=\"Parameters\"/> or <see cref=\"Buffers\"/> were written from outside (a checkpoint, a copy), so");
        w.Line("/// that <see cref=\"Backward\"/> asks for a new <c>Forward</c> instead of using the last pass's activations.");
        w.Line("/// </summary>");
        w.Line("public void MarkParametersChanged() => _forwardCurrent = false;");
        w.Line();

        using (w.Block($"private void ValidateTraining({ReadOnlySpan} input, {ReadOnlySpan} target, int batch)"))
        {
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            if (plan.SingleValueBatchNorm is { } norm)
            {
                w.Line($"{Guard}.BatchNormTrainingBatch(batch, \"{norm.Name}\", NetworkName);");
            }
            w.Line($"{Guard}.Length(input.Length, batch, InputSize, \"input\", NetworkName);");
            w.Line($"{Guard}.Finite(input, \"input\", NetworkName);");
            w.Line("ValidateTarget(target, batch);");
        }
        w.Line();

        if (plan.HasSeveralInputs)
        {
            InputsEmitter.EmitTrainSteps(w, plan, Optimizer);
        }
        if (plan.Spec.Loss == Loss.SoftmaxCrossEntropy)
        {
            EmitLabels(w);
        }
        EmitGradientStep(w, plan);
        EmitFindNonFinite(w, plan);
    }

    /// <summary>
    /// The body of a <c>TrainStep</c>: the optimizer's checks, then <paramref name="before"/> (the argument checks, and
    /// any staging after them), then the gradient step and the update; nothing changes state before the last check.
    /// </summary>
    public static void EmitUpdate(IndentedWriter w, string gradientStep, params string[] before)
    {
        w.Line(Enter("TrainStep"));
        using (w.Block("if (optimizer is null)"))
        {
            w.Line("throw new global::System.ArgumentNullException(nameof(optimizer));");
        }
        w.Line("optimizer.Attach(this); // an optimizer updates one network");
        foreach (string statement in before)
        {
            w.Line(statement);
        }
        w.Line($"float loss = {gradientStep};");
        w.Line("_forwardCurrent = false; // before the update, which throws if it overflows");
        w.Line("optimizer.Step(_parameters, _gradients);");
        w.Line("return loss;");
    }

    private static void EmitGradientStep(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("// Forward and backward in training mode; a non-finite result restores the state the pass changed and throws,");
        w.Line("// so the caller never applies an update computed from NaN or infinity.");
        string forward = "ForwardCore(input, batch, training: true);";
        if (plan.HasSeveralInputs)
        {
            using (w.Block($"private float GradientStep({ReadOnlySpan} input, {ReadOnlySpan} target, int batch, bool accumulate, float scale)"))
            {
                w.Line("StageRows(input, batch);");
                w.Line("return GradientStepStaged(target, batch, accumulate, scale);");
            }
            w.Line();
            forward = "ForwardLayers(batch, training: true);";
        }
        string header = plan.HasSeveralInputs
            ? $"private float GradientStepStaged({ReadOnlySpan} target, int batch, bool accumulate, float scale)"
            : $"private float GradientStep({ReadOnlySpan} input, {ReadOnlySpan} target, int batch, bool accumulate, float scale)";
        using (w.Block(header))
        {
            if (plan.BufferCount > 0)
            {
                w.Line("_buffers.CopyTo(_buffersBefore, 0);");
            }
            w.Line("long stepBefore = _trainingStep;");
            w.Line(forward);
            w.Line("float loss = BackwardCore(target, batch, accumulate, scale);");
            string buffersFinite = plan.BufferCount > 0 ? $" || !{Kernels}.ArenaOps.AllFinite(_buffers)" : "";
            using (w.Block($"if (!float.IsFinite(loss) || !{Kernels}.ArenaOps.AllFinite(_gradients){buffersFinite})"))
            {
                w.Line("string where = FindNonFinite(loss, batch);");
                if (plan.BufferCount > 0)
                {
                    w.Line("_buffersBefore.CopyTo(_buffers, 0);");
                }
                w.Line($"new {Span}(_gradients).Clear(); // never left poisoned: an accumulation restarts from zero");
                w.Line("_trainingStep = stepBefore;");
                w.Line("throw new global::NetGen.NonFiniteException(NetworkName, where, loss);");
            }
            w.Line("return loss;");
        }
        w.Line();
    }

    // Integer labels checked and converted to the float targets the loss reads, in a buffer of the network's own.
    private static void EmitLabels(IndentedWriter w)
    {
        using (w.Block($"private {ReadOnlySpan} Labels(global::System.ReadOnlySpan<int> labels, int batch)"))
        {
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            w.Line($"{Guard}.Length(labels.Length, batch, TargetSize, \"labels\", NetworkName);");
            w.Line($"{Guard}.ClassLabels(labels, OutputSize, NetworkName);");
            w.Line($"{Span} target = new {Span}(_labels, 0, batch);");
            using (w.Block("for (int i = 0; i < batch; i++)"))
            {
                w.Line("target[i] = labels[i];");
            }
            w.Line("return target;");
        }
        w.Line();
    }

    // Names the first non-finite value: a parameter (the cause, when one is), then in the order the step computed them:
    // layer outputs and running statistics, the loss, gradients.
    private static void EmitFindNonFinite(IndentedWriter w, NetworkPlan plan)
    {
        using (w.Block("private string FindNonFinite(float loss, int batch)"))
        {
            foreach (PlannedLayer layer in plan.Layers)
            {
                foreach (PlannedTensor tensor in layer.Parameters)
                {
                    w.Line($"if (!{Kernels}.ArenaOps.AllFinite({Tensor(layer, tensor)})) return \"the parameter {layer.Name}.{tensor.Suffix}\";");
                }
            }
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.Kind != LayerKind.Input && !l.IsAlias))
            {
                w.Line($"if (!{Kernels}.ArenaOps.AllFinite({Output(layer)})) return \"the output of layer '{layer.Name}'\";");
                foreach (PlannedTensor tensor in layer.Buffers)
                {
                    w.Line($"if (!{Kernels}.ArenaOps.AllFinite({Tensor(layer, tensor)})) return \"the running statistic {layer.Name}.{tensor.Suffix}\";");
                }
            }
            w.Line("if (!float.IsFinite(loss)) return \"the loss\";");
            foreach (PlannedLayer layer in plan.Layers)
            {
                foreach (PlannedTensor tensor in layer.Parameters)
                {
                    w.Line($"if (!{Kernels}.ArenaOps.AllFinite({Tensor(layer, tensor)}Grad)) return \"the gradient of {layer.Name}.{tensor.Suffix}\";");
                }
            }
            w.Line("return \"a gradient\";");
        }
        w.Line();
    }
}
