using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>
/// The entry points of a network with several inputs. The <c>INetwork</c> calls take one row per sample holding
/// every input side by side in declaration order (so <c>Trainer</c> and <c>DataSet</c> work unchanged), and
/// <c>StageRows</c> splits it into each input's slot; overloads of <c>Forward</c> and <c>TrainStep</c> take one span
/// per input and copy each straight into its slot.
/// </summary>
internal static class InputsEmitter
{
    // Every other parameter and local of the methods that take one span per input (ValidateInputs, StageInputs,
    // Forward, TrainStep), and 'input', the row-based overloads' parameter, to keep the two apart for readers.
    private static readonly HashSet<string> Taken = new(StringComparer.Ordinal) { "output", "target", "labels", "batch", "optimizer", "input", "loss", "training" };

    /// <summary>
    /// The parameter name of an input: its name in camel case, or with "Input" (then a number) appended where that
    /// is another parameter's or another input's, so that no two parameters of a method can share a name (CS0100)
    /// whatever the inputs are called; keywords are escaped.
    /// </summary>
    public static string Parameter(NetworkPlan plan, PlannedLayer input)
    {
        var used = new HashSet<string>(Taken, StringComparer.Ordinal);
        foreach (PlannedLayer other in plan.Inputs)
        {
            used.Add(CamelCase(other));
        }
        foreach (PlannedLayer other in plan.Inputs)
        {
            string camel = CamelCase(other), name = camel; // unique among inputs, as layer member names are
            if (Taken.Contains(camel))
            {
                name = camel + "Input";
                for (int n = 2; used.Contains(name); n++)
                {
                    name = camel + "Input" + n.ToString(CultureInfo.InvariantCulture);
                }
            }
            used.Add(name);
            if (other == input)
            {
                return Identifiers.Escape(name);
            }
        }
        throw new ArgumentException("not an input of the plan", nameof(input));
    }

    private static string CamelCase(PlannedLayer input) => char.ToLowerInvariant(input.MemberName[0]) + input.MemberName.Substring(1);

    public static string Parameters(NetworkPlan plan) => string.Join(", ", plan.Inputs.Select(i => $"{ReadOnlySpan} {Parameter(plan, i)}"));

    public static string Arguments(NetworkPlan plan) => string.Join(", ", plan.Inputs.Select(i => Parameter(plan, i)));

    /// <summary>The size constant of each input, and where it sits in a row.</summary>
    public static void EmitConstants(IndentedWriter w, NetworkPlan plan)
    {
        int offset = 0;
        foreach (PlannedLayer input in plan.Inputs)
        {
            w.Line($"/// <summary>Floats in one sample of the input <c>{input.Name}</c>, shape ({Shapes.Text(input.OutShape, ", ")}); columns [{offset}, {offset + input.OutSize}) of a row of <see cref=\"InputSize\"/>.</summary>");
            w.Line($"public const int {input.MemberName}InputSize = {Literals.Int(input.OutSize)};");
            w.Line();
            offset += input.OutSize;
        }
    }

    /// <summary><c>StageRows</c>: a row of every input side by side, split into each input's slot.</summary>
    public static void EmitStageRows(IndentedWriter w, NetworkPlan plan)
    {
        using (w.Block($"private void StageRows({ReadOnlySpan} input, int batch)"))
        {
            w.Line("// Each row holds " + string.Join(", then ", plan.Inputs.Select(i => $"{i.Name} ({i.OutSize})")) + "; each input is kept in its own slot because layers read it.");
            int offset = 0;
            foreach (PlannedLayer input in plan.Inputs)
            {
                w.Line($"{Kernels}.MergeKernels.SliceColumns(input, {Output(input)}, batch, {input.MemberName}InputSize, InputSize, {offset});");
                offset += input.OutSize;
            }
        }
        w.Line();
    }

    /// <summary>The checks of the per-input overloads: batch, then each input's length and finiteness.</summary>
    public static void EmitValidateInputs(IndentedWriter w, NetworkPlan plan)
    {
        using (w.Block($"private void ValidateInputs({Parameters(plan)}, int batch, bool training)"))
        {
            w.Line($"{Guard}.Batch(batch, MaxBatch, NetworkName);");
            if (plan.SingleValueBatchNorm is { } norm)
            {
                using (w.Block("if (training)"))
                {
                    w.Line($"{Guard}.BatchNormTrainingBatch(batch, \"{norm.Name}\", NetworkName);");
                }
            }
            foreach (PlannedLayer input in plan.Inputs)
            {
                w.Line($"{Guard}.Length({Parameter(plan, input)}.Length, batch, {input.MemberName}InputSize, \"{Parameter(plan, input).TrimStart('@')}\", NetworkName);");
                w.Line($"{Guard}.Finite({Parameter(plan, input)}, \"{Parameter(plan, input).TrimStart('@')}\", NetworkName);");
            }
        }
        w.Line();
        using (w.Block($"private void StageInputs({Parameters(plan)}, int batch)"))
        {
            foreach (PlannedLayer input in plan.Inputs)
            {
                w.Line($"{Parameter(plan, input)}.CopyTo({Output(input)});");
            }
        }
        w.Line();
    }

    /// <summary><c>Forward</c> with one span per input.</summary>
    public static void EmitForward(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>");
        w.Line("/// Runs the network on <paramref name=\"batch\"/> samples given one span per input (" +
            string.Join(", ", plan.Inputs.Select(i => $"<paramref name=\"{Parameter(plan, i).TrimStart('@')}\"/> (batch, {Shapes.Text(i.OutShape, ", ")})")) + "),");
        w.Line("/// writing the output (batch, OutputSize); otherwise the same as the overload that takes rows of every input side by side.");
        w.Line("/// </summary>");
        foreach (PlannedLayer input in plan.Inputs)
        {
            w.Line($"/// <param name=\"{Parameter(plan, input).TrimStart('@')}\">The input <c>{input.Name}</c>, batch x {input.MemberName}InputSize floats.</param>");
        }
        w.Line("/// <param name=\"output\">Receives batch x OutputSize floats.</param>");
        w.Line("/// <param name=\"batch\">The number of samples, in [1, MaxBatch].</param>");
        using (w.Block($"public void Forward({Parameters(plan)}, {Span} output, int batch)"))
        {
            w.Line(Enter("Forward"));
            w.Line($"ValidateInputs({Arguments(plan)}, batch, Training);");
            w.Line($"{Guard}.Length(output.Length, batch, OutputSize, \"output\", NetworkName);");
            w.Line($"StageInputs({Arguments(plan)}, batch);");
            w.Line("ForwardLayers(batch, Training);");
            ForwardEmitter.EmitOutputTransform(w, plan);
        }
        w.Line();
    }

    /// <summary><c>TrainStep</c> with one span per input, with float targets and, for cross-entropy, integer labels.</summary>
    public static void EmitTrainSteps(IndentedWriter w, NetworkPlan plan, string optimizer)
    {
        string docs = string.Join(", ", plan.Inputs.Select(i => $"<paramref name=\"{Parameter(plan, i).TrimStart('@')}\"/>"));
        w.Line($"/// <summary>One training step given one span per input ({docs}); otherwise the same as the overload that takes rows.</summary>");
        foreach (PlannedLayer input in plan.Inputs)
        {
            w.Line($"/// <param name=\"{Parameter(plan, input).TrimStart('@')}\">The input <c>{input.Name}</c>, batch x {input.MemberName}InputSize floats.</param>");
        }
        w.Line("/// <param name=\"target\">The targets, batch x TargetSize floats.</param>");
        w.Line("/// <param name=\"batch\">The number of samples, in [1, MaxBatch].</param>");
        w.Line("/// <param name=\"optimizer\">The optimizer that updates <see cref=\"Parameters\"/>.</param>");
        using (w.Block($"public float TrainStep({Parameters(plan)}, {ReadOnlySpan} target, int batch, {optimizer} optimizer)"))
        {
            TrainStepEmitter.EmitUpdate(w, "GradientStepStaged(target, batch, accumulate: false, scale: 1f)",
                $"ValidateInputs({Arguments(plan)}, batch, training: true);", "ValidateTarget(target, batch);", $"StageInputs({Arguments(plan)}, batch);");
        }
        w.Line();
        if (plan.Spec.Loss != Loss.SoftmaxCrossEntropy)
        {
            return;
        }
        w.Line($"/// <summary>One training step given one span per input and integer class labels, one per sample.</summary>");
        foreach (PlannedLayer input in plan.Inputs)
        {
            w.Line($"/// <param name=\"{Parameter(plan, input).TrimStart('@')}\">The input <c>{input.Name}</c>, batch x {input.MemberName}InputSize floats.</param>");
        }
        w.Line("/// <param name=\"labels\">One class index per sample.</param>");
        w.Line("/// <param name=\"batch\">The number of samples, in [1, MaxBatch].</param>");
        w.Line("/// <param name=\"optimizer\">The optimizer that updates <see cref=\"Parameters\"/>.</param>");
        using (w.Block($"public float TrainStep({Parameters(plan)}, global::System.ReadOnlySpan<int> labels, int batch, {optimizer} optimizer)"))
        {
            w.Line(Enter("TrainStep"));
            w.Line($"return TrainStep({Arguments(plan)}, Labels(labels, batch), batch, optimizer);");
        }
        w.Line();
    }
}
