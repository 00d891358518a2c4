using System;
using System.Collections.Generic;

namespace NetGen.Tests.Reference;

/// <summary>
/// A naive float64 multilayer perceptron: plain loops, no spans into NetGen, no vectorisation, every formula from
/// <see cref="ReferenceMath"/>. It is the specification the generated networks are checked against, and its own
/// gradients are checked against central finite differences of its loss.
/// </summary>
public sealed class ReferenceMlp
{
    /// <summary>Creates a reference with zero parameters; fill <see cref="Weights"/> and <see cref="Biases"/>.</summary>
    public ReferenceMlp(IReadOnlyList<ReferenceLayer> layers, Loss loss)
    {
        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].InFeatures != layers[l - 1].OutFeatures)
            {
                throw new ArgumentException($"layer {l} reads {layers[l].InFeatures} features but layer {l - 1} writes {layers[l - 1].OutFeatures}", nameof(layers));
            }
        }
        Layers = layers;
        Loss = loss;
        Weights = new double[layers.Count][];
        Biases = new double[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            Weights[l] = new double[layers[l].WeightCount];
            Biases[l] = new double[layers[l].BiasCount];
        }
    }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<ReferenceLayer> Layers { get; }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>Each layer's weight, <c>(out, in)</c>.</summary>
    public double[][] Weights { get; }

    /// <summary>Each layer's bias, <c>(out)</c>; empty without bias.</summary>
    public double[][] Biases { get; }

    /// <summary>Features of one input sample.</summary>
    public int InputSize => Layers[0].InFeatures;

    /// <summary>Features of one output sample.</summary>
    public int OutputSize => Layers[^1].OutFeatures;

    /// <summary>Floats of one target sample: a class index for softmax cross-entropy, else one per output.</summary>
    public int TargetSize => Loss == Loss.SoftmaxCrossEntropy ? 1 : OutputSize;

    /// <summary>Whether the output layer's declared activation is applied by the loss rather than by the layer.</summary>
    public bool OutputFused =>
        (Loss == Loss.SoftmaxCrossEntropy && Layers[^1].Activation == Activation.Softmax)
        || (Loss == Loss.BinaryCrossEntropy && Layers[^1].Activation == Activation.Sigmoid);

    /// <summary>The activation a layer applies itself (identity for a loss-fused output layer).</summary>
    public Activation LayerActivation(int layer) =>
        layer == Layers.Count - 1 && OutputFused ? Activation.Identity : Layers[layer].Activation;

    /// <summary>The forward pass and the loss only.</summary>
    public double ComputeLoss(double[] input, double[] target, int batch) => Forward(input, target, batch).Loss;

    /// <summary>The forward pass, the loss, and by backpropagation every parameter and input gradient.</summary>
    public ReferencePass Run(double[] input, double[] target, int batch)
    {
        ReferencePass pass = Forward(input, target, batch);
        Backward(pass, input, target, batch);
        return pass;
    }

    private ReferencePass Forward(double[] input, double[] target, int batch)
    {
        if (input.Length != batch * InputSize || target.Length != batch * TargetSize)
        {
            throw new ArgumentException("input or target length does not match the batch");
        }
        var pass = new ReferencePass(Layers.Count);
        double[] inp = input;
        for (int l = 0; l < Layers.Count; l++)
        {
            ReferenceLayer layer = Layers[l];
            Activation act = LayerActivation(l);
            var pre = new double[batch * layer.OutFeatures];
            var outp = new double[pre.Length];
            for (int b = 0; b < batch; b++)
            {
                for (int o = 0; o < layer.OutFeatures; o++)
                {
                    double acc = layer.HasBias ? Biases[l][o] : 0.0;
                    for (int i = 0; i < layer.InFeatures; i++)
                    {
                        acc += inp[b * layer.InFeatures + i] * Weights[l][o * layer.InFeatures + i];
                    }
                    pre[b * layer.OutFeatures + o] = acc;
                    outp[b * layer.OutFeatures + o] = ReferenceMath.Activate(act, acc, layer.LeakySlope);
                }
            }
            pass.PreActivations[l] = pre;
            pass.Outputs[l] = outp;
            inp = outp;
        }

        double[] last = pass.Outputs[^1];
        pass.Prediction = (Loss, Layers[^1].Activation) switch
        {
            (Loss.SoftmaxCrossEntropy, Activation.Softmax) => RowSoftmax(last, batch, OutputSize),
            (Loss.BinaryCrossEntropy, Activation.Sigmoid) => Array.ConvertAll(last, z => ReferenceMath.Activate(Activation.Sigmoid, z, 0)),
            _ => (double[])last.Clone(),
        };
        pass.Loss = Loss switch
        {
            Loss.MeanSquaredError => ReferenceMath.MeanSquaredError(last, target),
            Loss.SoftmaxCrossEntropy => ReferenceMath.SoftmaxCrossEntropy(last, target, OutputSize),
            Loss.BinaryCrossEntropy => ReferenceMath.BinaryCrossEntropyWithLogits(last, target),
            _ => throw new NotSupportedException(Loss.ToString()),
        };
        return pass;
    }

    private void Backward(ReferencePass pass, double[] input, double[] target, int batch)
    {
        // dLoss / d(stored output of the last layer), derived by hand from each loss's definition.
        double[] last = pass.Outputs[^1];
        var dout = new double[last.Length];
        int width = OutputSize;
        switch (Loss)
        {
            case Loss.MeanSquaredError:
                for (int i = 0; i < last.Length; i++)
                {
                    dout[i] = 2.0 * (last[i] - target[i]) / last.Length;
                }
                break;
            case Loss.SoftmaxCrossEntropy:
                for (int b = 0; b < batch; b++)
                {
                    double[] p = ReferenceMath.Softmax(last.AsSpan(b * width, width));
                    for (int j = 0; j < width; j++)
                    {
                        dout[b * width + j] = (p[j] - (j == (int)target[b] ? 1.0 : 0.0)) / batch;
                    }
                }
                break;
            case Loss.BinaryCrossEntropy:
                for (int i = 0; i < last.Length; i++)
                {
                    dout[i] = (1.0 / (1.0 + Math.Exp(-last[i])) - target[i]) / last.Length;
                }
                break;
        }

        for (int l = Layers.Count - 1; l >= 0; l--)
        {
            ReferenceLayer layer = Layers[l];
            Activation act = LayerActivation(l);
            double[] inp = l == 0 ? input : pass.Outputs[l - 1];
            double[] pre = pass.PreActivations[l];
            var dweight = new double[layer.WeightCount];
            var dbias = new double[layer.BiasCount];
            var dinp = new double[batch * layer.InFeatures];
            for (int b = 0; b < batch; b++)
            {
                for (int o = 0; o < layer.OutFeatures; o++)
                {
                    int k = b * layer.OutFeatures + o;
                    double dpre = dout[k] * ReferenceMath.Derivative(act, pre[k], layer.LeakySlope);
                    if (layer.HasBias)
                    {
                        dbias[o] += dpre;
                    }
                    for (int i = 0; i < layer.InFeatures; i++)
                    {
                        dweight[o * layer.InFeatures + i] += dpre * inp[b * layer.InFeatures + i];
                        dinp[b * layer.InFeatures + i] += dpre * Weights[l][o * layer.InFeatures + i];
                    }
                }
            }
            pass.WeightGrads[l] = dweight;
            pass.BiasGrads[l] = dbias;
            dout = dinp;
        }
        pass.InputGrad = dout;
    }

    private static double[] RowSoftmax(double[] z, int rows, int width)
    {
        var p = new double[z.Length];
        for (int r = 0; r < rows; r++)
        {
            ReferenceMath.Softmax(z.AsSpan(r * width, width)).CopyTo(p, r * width);
        }
        return p;
    }
}
