using System;
using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Graphs;

/// <summary>
/// Graph networks' forward and backward against hand-wired float64 references written from the math, not from the
/// generated code. The residual one: <c>a = tanh(Wa x + ba)</c>, <c>b = Wb a + bb</c>, <c>res = tanh(a + b)</c>,
/// <c>y = Wh res + bh</c>, mean squared error. The gradient of <c>a</c> is the sum of what the sum and <c>b</c> send it.
/// The concatenation one reads a layer twice and the input once.
/// </summary>
public class GraphReferenceTests
{
    private const int In = 4, Hidden = 5, Out = 3;

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void TinyResidual_ForwardLossAndGradients_MatchHandWiredReference(int batch)
    {
        var net = new TinyResidual(11);
        var random = new System.Random(batch);
        float[] x = ReferenceData.Uniform(random, batch * In, 1.0);
        float[] t = ReferenceData.Uniform(random, batch * Out, 1.0);
        var y = new float[batch * Out];

        net.Forward(x, y, batch);
        float loss = net.Backward(t, batch);

        double[] wa = Doubles(net.AWeight), ba = Doubles(net.ABias), wb = Doubles(net.BWeight), bb = Doubles(net.BBias);
        double[] wh = Doubles(net.HeadWeight), bh = Doubles(net.HeadBias);
        var expectedY = new double[batch * Out];
        var dWa = new double[Hidden * In];
        var dba = new double[Hidden];
        var dWb = new double[Hidden * Hidden];
        var dbb = new double[Hidden];
        var dWh = new double[Out * Hidden];
        var dbh = new double[Out];
        double expectedLoss = 0;
        for (int n = 0; n < batch; n++)
        {
            double[] xn = Row(x, n, In);
            double[] a = Affine(wa, ba, xn, In, Hidden);
            for (int j = 0; j < Hidden; j++)
            {
                a[j] = Math.Tanh(a[j]);
            }
            double[] b = Affine(wb, bb, a, Hidden, Hidden);
            var res = new double[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                res[j] = Math.Tanh(a[j] + b[j]);
            }
            double[] yn = Affine(wh, bh, res, Hidden, Out);
            var dy = new double[Out];
            for (int o = 0; o < Out; o++)
            {
                expectedY[n * Out + o] = yn[o];
                double diff = yn[o] - t[n * Out + o];
                expectedLoss += diff * diff / (batch * Out);
                dy[o] = 2 * diff / (batch * Out);
            }
            double[] dres = BackAffine(wh, dy, res, dWh, dbh, Hidden, Out);
            var dz = new double[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                dz[j] = dres[j] * (1 - res[j] * res[j]);
            }
            double[] daThroughB = BackAffine(wb, dz, a, dWb, dbb, Hidden, Hidden);
            var dpre = new double[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                dpre[j] = (dz[j] + daThroughB[j]) * (1 - a[j] * a[j]); // fan-out: the sum's gradient plus b's
            }
            BackAffine(wa, dpre, xn, dWa, dba, In, Hidden);
        }

        const double rel = 1e-4, abs = 1e-5;
        Approx.AllEqual(expectedY, y, rel, abs, "output");
        Approx.Equal(expectedLoss, loss, rel, abs, "loss");
        Approx.AllEqual(dWa, net.AWeightGrad, rel, abs, "a.weight grad");
        Approx.AllEqual(dba, net.ABiasGrad, rel, abs, "a.bias grad");
        Approx.AllEqual(dWb, net.BWeightGrad, rel, abs, "b.weight grad");
        Approx.AllEqual(dbb, net.BBiasGrad, rel, abs, "b.bias grad");
        Approx.AllEqual(dWh, net.HeadWeightGrad, rel, abs, "head.weight grad");
        Approx.AllEqual(dbh, net.HeadBiasGrad, rel, abs, "head.bias grad");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void ConcatTwice_ForwardLossAndGradients_MatchHandWiredReference(int batch)
    {
        // h = sigmoid(Wh x + bh) (4), join = [h, x, h] (11), y = tanh(Wo join + bo) (2); h's gradient is the sum of its two parts.
        const int x = 3, h = 4, join = 11, o = 2;
        var net = new ConcatTwice(13);
        var random = new System.Random(100 + batch);
        float[] input = ReferenceData.Uniform(random, batch * x, 1.0);
        float[] t = ReferenceData.Uniform(random, batch * o, 1.0);
        var y = new float[batch * o];
        net.Forward(input, y, batch);
        float loss = net.Backward(t, batch);

        double[] wh = Doubles(net.HWeight), bh = Doubles(net.HBias), wo = Doubles(net.HeadWeight), bo = Doubles(net.HeadBias);
        var expectedY = new double[batch * o];
        double expectedLoss = 0;
        var dWh = new double[h * x];
        var dbh = new double[h];
        var dWo = new double[o * join];
        var dbo = new double[o];
        for (int n = 0; n < batch; n++)
        {
            double[] xn = Row(input, n, x);
            double[] hn = Affine(wh, bh, xn, x, h);
            for (int j = 0; j < h; j++)
            {
                hn[j] = 1 / (1 + Math.Exp(-hn[j]));
            }
            var joined = new double[join];
            for (int j = 0; j < h; j++)
            {
                joined[j] = hn[j];
                joined[h + x + j] = hn[j];
            }
            Array.Copy(xn, 0, joined, h, x);
            double[] yn = Affine(wo, bo, joined, join, o);
            var dpre = new double[o];
            for (int k = 0; k < o; k++)
            {
                yn[k] = Math.Tanh(yn[k]);
                expectedY[n * o + k] = yn[k];
                double diff = yn[k] - t[n * o + k];
                expectedLoss += diff * diff / (batch * o);
                dpre[k] = 2 * diff / (batch * o) * (1 - yn[k] * yn[k]);
            }
            double[] djoin = BackAffine(wo, dpre, joined, dWo, dbo, join, o);
            var dhpre = new double[h];
            for (int j = 0; j < h; j++)
            {
                dhpre[j] = (djoin[j] + djoin[h + x + j]) * hn[j] * (1 - hn[j]);
            }
            BackAffine(wh, dhpre, xn, dWh, dbh, x, h);
        }

        const double rel = 1e-4, abs = 1e-5;
        Approx.AllEqual(expectedY, y, rel, abs, "output");
        Approx.Equal(expectedLoss, loss, rel, abs, "loss");
        Approx.AllEqual(dWh, net.HWeightGrad, rel, abs, "h.weight grad");
        Approx.AllEqual(dbh, net.HBiasGrad, rel, abs, "h.bias grad");
        Approx.AllEqual(dWo, net.HeadWeightGrad, rel, abs, "head.weight grad");
        Approx.AllEqual(dbo, net.HeadBiasGrad, rel, abs, "head.bias grad");
    }

    private static double[] Doubles(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }
        return result;
    }

    // One sample's row of a float batch, in float64.
    private static double[] Row(float[] batch, int sample, int width)
    {
        var row = new double[width];
        for (int i = 0; i < width; i++)
        {
            row[i] = batch[sample * width + i];
        }
        return row;
    }

    // y = W v + b for one sample, W (outputs, inputs).
    private static double[] Affine(double[] w, double[] b, double[] v, int inputs, int outputs)
    {
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double s = b[o];
            for (int i = 0; i < inputs; i++)
            {
                s += w[o * inputs + i] * v[i];
            }
            y[o] = s;
        }
        return y;
    }

    // Accumulates dW += dy v^T and db += dy; returns dv = W^T dy.
    private static double[] BackAffine(double[] w, double[] dy, double[] v, double[] dw, double[] db, int inputs, int outputs)
    {
        var dv = new double[inputs];
        for (int o = 0; o < outputs; o++)
        {
            db[o] += dy[o];
            for (int i = 0; i < inputs; i++)
            {
                dw[o * inputs + i] += dy[o] * v[i];
                dv[i] += w[o * inputs + i] * dy[o];
            }
        }
        return dv;
    }
}
