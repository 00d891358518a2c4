using System.Linq;
using NetGen.Generator.Emit.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>Writes <c>Forward</c> (checked, public) and <c>ForwardCore</c> (the layer calls in order).</summary>
internal static class ForwardEmitter
{
    public static void Emit(IndentedWriter w, NetworkPlan plan)
    {
        string returns = plan.OutputTransform switch
        {
            Activation.Softmax => "softmax probabilities",
            Activation.Sigmoid => "sigmoid probabilities",
            _ => plan.Spec.Loss == Loss.MeanSquaredError ? "predictions" : "logits",
        };
        w.Line("/// <summary>");
        w.Line($"/// Runs the network on <paramref name=\"batch\"/> samples: input (batch, {plan.InputSize}) to output (batch, {plan.OutputSize}), {returns},");
        w.Line("/// in the mode <see cref=\"Training\"/> selects. The activations are kept, so that <see cref=\"Backward\"/> or");
        w.Line("/// <see cref=\"ComputeLoss\"/> can follow.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span is not exactly <paramref name=\"batch\"/> samples long, or the input is not finite.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"batch\"/> is not in [1, MaxBatch].</exception>");
        using (w.Block($"public void Forward({ReadOnlySpan} input, {Span} output, int batch)"))
        {
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            w.Line($"{Guard}.Length(input.Length, batch, InputSize, \"input\", NetworkName);");
            w.Line($"{Guard}.Length(output.Length, batch, OutputSize, \"output\", NetworkName);");
            w.Line($"{Guard}.Finite(input, \"input\", NetworkName);");
            if (plan.SingleValueBatchNorm is { } norm)
            {
                using (w.Block("if (Training)"))
                {
                    w.Line($"{Guard}.BatchNormTrainingBatch(batch, \"{norm.Name}\", NetworkName);");
                }
            }
            w.Line("ForwardCore(input, batch, Training);");
            EmitOutputTransform(w, plan);
        }
        w.Line();

        if (plan.HasSeveralInputs)
        {
            using (w.Block($"private void ForwardCore({ReadOnlySpan} input, int batch, bool training)"))
            {
                w.Line("StageRows(input, batch);");
                w.Line("ForwardLayers(batch, training);");
            }
            w.Line();
            InputsEmitter.EmitStageRows(w, plan);
            InputsEmitter.EmitValidateInputs(w, plan);
            InputsEmitter.EmitForward(w, plan);
            using (w.Block("private void ForwardLayers(int batch, bool training)"))
            {
                w.Line("// inputs: " + string.Join(", ", plan.Inputs.Select(i => $"{i.Name} {ShapeComment(i.OutShape)}")) + ", staged in their slots, kept because backward reads them");
                EmitLayers(w, plan);
            }
            w.Line();
            return;
        }
        using (w.Block($"private void ForwardCore({ReadOnlySpan} input, int batch, bool training)"))
        {
            w.Line($"// input: {ShapeComment(plan.Layers[0].OutShape)}, kept because backward reads it");
            w.Line($"input.CopyTo(Act({OutOffset(plan.Layers[0])}, batch * InputSize));");
            EmitLayers(w, plan);
        }
        w.Line();
    }

    private static void EmitLayers(IndentedWriter w, NetworkPlan plan)
    {
        foreach (PlannedLayer layer in plan.Layers.Where(l => l.Kind != LayerKind.Input))
        {
            w.Line();
            LayerEmitters.EmitForward(w, layer);
        }
        w.Line();
        w.Line("_forwardBatch = batch;");
        w.Line("_forwardTraining = training;");
        w.Line("_forwardCurrent = true;");
        using (w.Block("if (training)"))
        {
            w.Line("_trainingStep++;");
        }
    }

    /// <summary>Writes the output of the last forward pass, applying an activation the loss fuses in training.</summary>
    public static void EmitOutputTransform(IndentedWriter w, NetworkPlan plan)
    {
        switch (plan.OutputTransform)
        {
            case Activation.Softmax:
                w.Line("// The softmax is fused into the loss in training; apply it to what is returned.");
                w.Line($"{Ops}.Softmax.Forward(LastOutput, output, batch, OutputSize);");
                break;
            case Activation.Sigmoid:
                w.Line("// The sigmoid is fused into the loss in training; apply it to what is returned.");
                w.Line($"{Kernels}.ActivationKernels.Apply(LastOutput, output, default({Ops}.SigmoidActivation));");
                break;
            default:
                w.Line("LastOutput.CopyTo(output);");
                break;
        }
    }
}
