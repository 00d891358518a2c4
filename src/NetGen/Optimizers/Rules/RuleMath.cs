namespace NetGen.Optimizers.Rules;

/// <summary>The scalar forms of <c>TensorOps</c>' PyTorch tensor ops, one rounding per op, no fused multiply-adds.</summary>
internal static class RuleMath
{
    /// <summary><c>self.lerp_(end, weight)</c>, with PyTorch's two forms for accuracy near either end.</summary>
    public static float Lerp(float self, float end, float weight)
    {
        float difference = end - self;
        return weight < 0.5f && weight > -0.5f ? difference * weight + self : difference * -(1f - weight) + end;
    }
}
