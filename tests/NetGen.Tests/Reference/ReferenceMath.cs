using System;

namespace NetGen.Tests.Reference;

/// <summary>
/// The definitions of every activation and loss in float64, written from the formulas (PyTorch's doc pages for
/// <c>torch.nn.Sigmoid</c>, <c>Tanh</c>, <c>ReLU</c>, <c>LeakyReLU</c>, <c>Softmax</c>, <c>MSELoss</c>,
/// <c>CrossEntropyLoss</c>, <c>BCEWithLogitsLoss</c>) and sharing no code with <c>NetGen.Ops</c>. Derivatives are
/// taken with respect to the pre-activation <c>x</c>, not recovered from the output as the runtime does.
/// </summary>
public static class ReferenceMath
{
    /// <summary>The activation of <paramref name="x"/>; Softmax is not element-wise and is rejected here.</summary>
    public static double Activate(Activation activation, double x, double leakySlope) => activation switch
    {
        Activation.Identity => x,
        Activation.Sigmoid => 1.0 / (1.0 + Math.Exp(-x)),
        Activation.Tanh => Math.Tanh(x),
        Activation.ReLU => Math.Max(x, 0.0),
        Activation.LeakyReLU => x > 0 ? x : leakySlope * x,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "not an element-wise activation"),
    };

    /// <summary>d activation / dx at <paramref name="x"/> (at the ReLU kink, 0 and the slope, as PyTorch).</summary>
    public static double Derivative(Activation activation, double x, double leakySlope)
    {
        switch (activation)
        {
            case Activation.Identity:
                return 1.0;
            case Activation.Sigmoid:
                double e = Math.Exp(-Math.Abs(x));
                return e / ((1.0 + e) * (1.0 + e)); // sigma(x) sigma(-x), symmetric in x
            case Activation.Tanh:
                double c = Math.Cosh(x);
                return 1.0 / (c * c);
            case Activation.ReLU:
                return x > 0 ? 1.0 : 0.0;
            case Activation.LeakyReLU:
                return x > 0 ? 1.0 : leakySlope;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "not an element-wise activation");
        }
    }

    /// <summary>softmax(z)_j = exp(z_j - max z) / sum_k exp(z_k - max z).</summary>
    public static double[] Softmax(ReadOnlySpan<double> z)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z)
        {
            max = Math.Max(max, v);
        }
        var p = new double[z.Length];
        double sum = 0;
        for (int j = 0; j < z.Length; j++)
        {
            p[j] = Math.Exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.Length; j++)
        {
            p[j] /= sum;
        }
        return p;
    }

    /// <summary>log(1 + e^x) without overflow: max(x, 0) + log(1 + e^-|x|).</summary>
    public static double Softplus(double x) => Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(x)));

    /// <summary>The mean of (y - t)^2 over every element.</summary>
    public static double MeanSquaredError(ReadOnlySpan<double> y, ReadOnlySpan<double> t)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (y[i] - t[i]) * (y[i] - t[i]);
        }
        return sum / y.Length;
    }

    /// <summary>The mean over rows of -log softmax(z_b)[label_b], for <paramref name="labels"/> one per row.</summary>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> z, ReadOnlySpan<double> labels, int width)
    {
        int rows = labels.Length;
        double sum = 0;
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<double> row = z.Slice(b * width, width);
            double max = double.NegativeInfinity;
            foreach (double v in row)
            {
                max = Math.Max(max, v);
            }
            double s = 0;
            foreach (double v in row)
            {
                s += Math.Exp(v - max);
            }
            sum += max + Math.Log(s) - row[(int)labels[b]]; // -log softmax = logsumexp(z) - z[label]
        }
        return sum / rows;
    }

    /// <summary>
    /// The mean over elements of -(t log sigma(z) + (1 - t) log(1 - sigma(z))), with
    /// log sigma(z) = -softplus(-z) and log(1 - sigma(z)) = -softplus(z).
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<double> z, ReadOnlySpan<double> t)
    {
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            sum += t[i] * Softplus(-z[i]) + (1.0 - t[i]) * Softplus(z[i]);
        }
        return sum / z.Length;
    }
}
