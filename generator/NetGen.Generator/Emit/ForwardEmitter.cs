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
        // Method crefs carry their signatures, so that an overload the user adds does not make them ambiguous (CS0419).
        w.Line("/// in the mode <see cref=\"Training\"/> selects. The activations are kept, so that");
        w.Line("/// <see cref=\"Backward(global::System.ReadOnlySpan{float}, int)\"/> or <see cref=\"ComputeLoss(global::System.ReadOnlySpan{float}, int)\"/> can follow.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span is not exactly <paramref name=\"batch\"/> samples long, or the input is not finite.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"batch\"/> is not in [1, MaxBatch].</exception>");
        using (w.Block($"public void Forward({ReadOnlySpan} input, {Span} output, int batch)"))
        {
            w.Line(Enter("Forward"));
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
            EmitPredict(w, plan);
            return;
        }
        using (w.Block($"private void ForwardCore({ReadOnlySpan} input, int batch, bool training)"))
        {
            w.Line($"// input: {ShapeComment(plan.Layers[0].OutShape)}, kept because backward reads it");
            w.Line($"input.CopyTo(Act({OutOffset(plan.Layers[0])}, batch * InputSize));");
            EmitLayers(w, plan);
        }
        w.Line();
        EmitPredict(w, plan);
    }

    // Predict: inference through the packed layout, where a layer's slot is reused once nothing later reads it. It
    // overwrites what the last Forward kept, so it marks no forward pass as available (Backward, ComputeLoss and the
    // named outputs then need a new Forward).
    private static void EmitPredict(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>");
        w.Line("/// Inference on <paramref name=\"batch\"/> samples, like <see cref=\"Forward(global::System.ReadOnlySpan{float}, global::System.Span{float}, int)\"/> in");
        w.Line("/// inference mode, but through a packed layout of the activation arena in which a layer's memory is reused once no");
        w.Line("/// later layer reads it: a smaller working set for large batches. The activations of the last <c>Forward</c> are");
        w.Line("/// overwritten, so <c>Backward</c>, <c>ComputeLoss</c> and the layers' outputs need a new <c>Forward</c> after it.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"input\">batch x InputSize floats" + (plan.HasSeveralInputs ? ", every input side by side" : "") + ".</param>");
        w.Line("/// <param name=\"output\">Receives batch x OutputSize floats.</param>");
        w.Line("/// <param name=\"batch\">The number of samples, in [1, MaxBatch].</param>");
        using (w.Block($"public void Predict({ReadOnlySpan} input, {Span} output, int batch)"))
        {
            w.Line(Enter("Predict"));
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            w.Line($"{Guard}.Length(input.Length, batch, InputSize, \"input\", NetworkName);");
            w.Line($"{Guard}.Length(output.Length, batch, OutputSize, \"output\", NetworkName);");
            w.Line($"{Guard}.Finite(input, \"input\", NetworkName);");
            w.Line("_forwardBatch = 0; // the packed layout overwrites what the last Forward kept");
            if (plan.HasModeDependentLayers)
            {
                w.Line("bool training = false; // batch norm and dropout take their inference branch");
            }
            using (Inference())
            {
                int offset = 0;
                foreach (PlannedLayer input in plan.Inputs)
                {
                    w.Line(plan.HasSeveralInputs
                        ? $"{Kernels}.MergeKernels.SliceColumns(input, {Output(input)}, batch, {input.OutSize}, InputSize, {offset});"
                        : $"input.CopyTo({Output(input)});");
                    offset += input.OutSize;
                }
                foreach (PlannedLayer layer in plan.Layers.Where(l => l.Kind != LayerKind.Input))
                {
                    w.Line();
                    LayerEmitters.EmitForward(w, layer);
                }
                w.Line();
                EmitOutputTransform(w, plan, $"Act({OutOffset(plan.Output)}, batch * OutputSize)");
            }
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
    public static void EmitOutputTransform(IndentedWriter w, NetworkPlan plan, string source = "LastOutput")
    {
        switch (plan.OutputTransform)
        {
            case Activation.Softmax:
                w.Line("// The softmax is fused into the loss in training; apply it to what is returned.");
                w.Line($"{Ops}.Softmax.Forward({source}, output, batch, OutputSize);");
                break;
            case Activation.Sigmoid:
                w.Line("// The sigmoid is fused into the loss in training; apply it to what is returned.");
                w.Line($"{Kernels}.ActivationKernels.Apply({source}, output, default({Ops}.SigmoidActivation));");
                break;
            default:
                w.Line($"{source}.CopyTo(output);");
                break;
        }
    }
}
