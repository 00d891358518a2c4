namespace NetGen.Tests.Reference;

/// <summary>Everything one forward and backward pass of a <see cref="ReferenceMlp"/> computes, in float64.</summary>
public sealed class ReferencePass
{
    internal ReferencePass(int layers)
    {
        PreActivations = new double[layers][];
        Outputs = new double[layers][];
        WeightGrads = new double[layers][];
        BiasGrads = new double[layers][];
    }

    /// <summary>Each layer's <c>inp W^T + b</c>, <c>(batch, out)</c>.</summary>
    public double[][] PreActivations { get; }

    /// <summary>
    /// Each layer's stored output, <c>(batch, out)</c>: after its activation, except that a loss-fused output
    /// layer stores its logits (what NetGen's <c>LastOutput</c> holds).
    /// </summary>
    public double[][] Outputs { get; }

    /// <summary>What NetGen's <c>Forward</c> returns: the last stored output, with a fused softmax or sigmoid applied.</summary>
    public double[] Prediction { get; internal set; } = System.Array.Empty<double>();

    /// <summary>The mean loss.</summary>
    public double Loss { get; internal set; }

    /// <summary>dLoss/dW per layer, <c>(out, in)</c>.</summary>
    public double[][] WeightGrads { get; }

    /// <summary>dLoss/db per layer, <c>(out)</c>; empty for a layer without bias.</summary>
    public double[][] BiasGrads { get; }

    /// <summary>dLoss/dinput, <c>(batch, in)</c>.</summary>
    public double[] InputGrad { get; internal set; } = System.Array.Empty<double>();
}
