using System;

namespace NetGen.Metrics;

// Argument checks shared by the accumulators. Each one runs over the whole batch before any count changes, so a
// bad batch throws and leaves the accumulator as it was; the messages are built only on the throwing path.
internal static class Batch
{
    public static void CheckLengths(
        ReadOnlySpan<float> outputs, int outputWidth, ReadOnlySpan<float> targets, int targetWidth, int batch, string outputsName = "outputs")
    {
        if (batch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be >= 0.");
        }
        if (outputs.Length != (long)batch * outputWidth || targets.Length != (long)batch * targetWidth)
        {
            ThrowLengths(outputs.Length, outputWidth, targets.Length, targetWidth, batch, outputsName);
        }
    }

    // Targets of cross-entropy with integer labels: class indices stored as floats (0, 1, 2...).
    public static void CheckClassIndices(ReadOnlySpan<float> targets, int classes)
    {
        for (int i = 0; i < targets.Length; i++)
        {
            float t = targets[i];
            if (!(t >= 0f && t < classes && t == MathF.Floor(t)))
            {
                ThrowClassIndex(i, t, classes);
            }
        }
    }

    // Targets of binary cross-entropy: probabilities in [0, 1] (usually exactly 0 or 1).
    public static void CheckProbabilities(ReadOnlySpan<float> targets)
    {
        for (int i = 0; i < targets.Length; i++)
        {
            float t = targets[i];
            if (!(t >= 0f && t <= 1f))
            {
                throw new ArgumentOutOfRangeException(
                    "targets", t, $"targets[{i}] is {t}; binary targets are probabilities in [0, 1] (the label 0 or 1).");
            }
        }
    }

    public static void CheckClass(int index, int classes, string paramName)
    {
        if ((uint)index >= (uint)classes)
        {
            throw new ArgumentOutOfRangeException(paramName, index, $"{paramName} is {index}; pass a class in [0, {classes}).");
        }
    }

    private static void ThrowLengths(int outputs, int outputWidth, int targets, int targetWidth, int batch, string outputsName) =>
        throw new ArgumentException(
            $"A batch of {batch} needs exactly {(long)batch * outputWidth} {outputsName} ({outputWidth} per sample) and " +
            $"{(long)batch * targetWidth} targets ({targetWidth} per sample) but got {outputs} and {targets}; " +
            "pass the spans of this batch only (for example the network's LastOutput).",
            outputs != (long)batch * outputWidth ? outputsName : "targets");

    private static void ThrowClassIndex(int i, float t, int classes) =>
        throw new ArgumentOutOfRangeException(
            "targets", t, $"targets[{i}] is {t}; class targets are whole class indices in [0, {classes}).");
}
