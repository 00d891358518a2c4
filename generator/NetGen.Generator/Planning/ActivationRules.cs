using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>Rules shared by every layer with a fused activation (dense, convolution, batch norm).</summary>
internal static class ActivationRules
{
    public static void Validate(LayerContext context, Activation activation, double leakySlope)
    {
        if (activation is < Activation.Identity or > Activation.Softmax)
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "Activation", Literals.Int((int)activation),
                "use one of Identity, Sigmoid, Tanh, ReLU, LeakyReLU and Softmax");
        }
        if (activation == Activation.LeakyReLU && !(leakySlope < 1e6 && (float)leakySlope > 0))
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "LeakySlope", Literals.Double(leakySlope),
                "use a positive slope below 1e6 that a float can hold (at least 1e-45), such as 0.01 (PyTorch's default)");
        }
        if (activation == Activation.Softmax && (!context.IsOutput || context.Network.Loss != Loss.SoftmaxCrossEntropy))
        {
            string fix = !context.IsOutput
                ? "it is not the output layer, so use ReLU, Tanh or another element-wise activation here"
                : "the loss is " + context.Network.Loss + ", so set Loss = Loss.SoftmaxCrossEntropy on [Network] or remove the softmax";
            context.Error(DiagnosticDescriptors.SoftmaxMisplaced, context.Described, fix);
        }
    }

    /// <summary>
    /// The activation the kernel applies: the softmax of cross-entropy and the sigmoid of binary cross-entropy are
    /// fused into the loss, so the output layer stores logits and <c>Forward</c> applies the declared activation.
    /// </summary>
    public static Activation KernelActivation(Loss loss, Activation declared, bool isOutput) =>
        isOutput && ((loss == Loss.SoftmaxCrossEntropy && declared == Activation.Softmax)
            || (loss == Loss.BinaryCrossEntropy && declared == Activation.Sigmoid))
            ? Activation.Identity
            : declared;

    /// <summary>The initialisation of a weight: the declared scheme, or for Auto, He uniform before (leaky) ReLU, else Xavier uniform.</summary>
    public static TensorInit WeightInit(InitScheme scheme, Activation activation) => scheme switch
    {
        InitScheme.XavierUniform => TensorInit.XavierUniform,
        InitScheme.XavierNormal => TensorInit.XavierNormal,
        InitScheme.HeUniform => TensorInit.HeUniform,
        InitScheme.HeNormal => TensorInit.HeNormal,
        InitScheme.LeCunUniform => TensorInit.LeCunUniform,
        InitScheme.LeCunNormal => TensorInit.LeCunNormal,
        InitScheme.Zeros => TensorInit.Zeros,
        InitScheme.Constant => TensorInit.Constant,
        _ => activation is Activation.ReLU or Activation.LeakyReLU ? TensorInit.HeUniform : TensorInit.XavierUniform,
    };

    /// <summary>The gain of <c>torch.nn.init.calculate_gain</c> for the activation that follows a weight.</summary>
    public static double Gain(Activation activation, double leakySlope) => activation switch
    {
        Activation.ReLU => System.Math.Sqrt(2.0),
        Activation.LeakyReLU => System.Math.Sqrt(2.0 / (1 + leakySlope * leakySlope)),
        Activation.Tanh => 5.0 / 3.0,
        _ => 1.0,
    };

    /// <summary>Reports an undefined scheme or a constant that is not a finite float (1e39 is finite only as a double).</summary>
    public static void ValidateInit(LayerContext context, InitScheme scheme, double value)
    {
        if (scheme is < InitScheme.Auto or > InitScheme.Constant)
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "WeightInit", Literals.Int((int)scheme),
                "use one of the InitScheme values");
        }
        if (scheme == InitScheme.Constant && !Literals.IsFiniteFloat(value))
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "InitValue", Literals.Double(value),
                "parameters are floats, so use a finite number within +-3.4E+38");
        }
    }

    /// <summary>Why the output layer cannot feed the loss, or null when it can.</summary>
    public static string? OutputMisfit(Loss loss, EquatableArray<int> outShape, Activation activation)
    {
        int outputs = Shapes.Product(outShape);
        if (loss != Loss.MeanSquaredError && outShape.Length != 1)
        {
            return "its output has shape " + Shapes.Text(outShape) + " but the loss needs a flat vector of scores; add [Flatten] and a [Dense] layer";
        }
        return loss switch
        {
            Loss.SoftmaxCrossEntropy when outputs < 2 =>
                "softmax cross-entropy needs one output per class, at least 2; use [Dense(2)], or Loss.BinaryCrossEntropy with one output",
            Loss.SoftmaxCrossEntropy when activation is not (Activation.Identity or Activation.Softmax) =>
                "its activation is " + activation + " but the loss takes logits; use Activation.Identity (logits) or Activation.Softmax (fused into the loss)",
            Loss.BinaryCrossEntropy when outputs != 1 =>
                "binary cross-entropy with a fused sigmoid needs exactly 1 output, but the layer has " + Literals.Int(outputs) + "; use [Dense(1)], or Loss.SoftmaxCrossEntropy for several classes",
            Loss.BinaryCrossEntropy when activation is not (Activation.Identity or Activation.Sigmoid) =>
                "its activation is " + activation + " but the loss takes logits; use Activation.Identity (logits) or Activation.Sigmoid (fused into the loss)",
            _ => null,
        };
    }
}
