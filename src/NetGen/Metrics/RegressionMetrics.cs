using System;
using System.Globalization;

namespace NetGen.Metrics;

/// <summary>
/// Mean squared error, root mean squared error, mean absolute error and R² over any number of batches, per output
/// and averaged over outputs with equal weights (scikit-learn's <c>multioutput='uniform_average'</c>).
/// Memory is allocated in the constructor only; <c>Add</c> allocates nothing.
/// </summary>
/// <remarks>
/// Everything accumulates in double. Squared and absolute errors are sums of non-negative terms; the target variance
/// that R² divides by uses Welford's update (Welford 1962; Knuth, TAOCP vol. 2, 4.2.2), which stays accurate when the
/// targets' mean is large against their spread, where the textbook <c>Σy² - n ȳ²</c> cancels catastrophically.
/// The metrics are NaN before any sample, R² before two (as scikit-learn warns and returns NaN); NaN inputs propagate.
/// </remarks>
public sealed class RegressionMetrics
{
    private readonly double[] _sse;  // (outputs) sum of (prediction - target)²
    private readonly double[] _sae;  // (outputs) sum of |prediction - target|
    private readonly double[] _mean; // (outputs) running mean of the targets
    private readonly double[] _m2;   // (outputs) running sum of (target - mean)²

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="outputs">The number of outputs per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is below 1.</exception>
    public RegressionMetrics(int outputs = 1)
    {
        if (outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "outputs must be at least 1.");
        }
        Outputs = outputs;
        _sse = new double[outputs];
        _sae = new double[outputs];
        _mean = new double[outputs];
        _m2 = new double[outputs];
    }

    /// <summary>The number of outputs per sample.</summary>
    public int Outputs { get; }

    /// <summary>The number of samples counted.</summary>
    public long Count { get; private set; }

    /// <summary>The mean squared error over every output of every sample (the uniform average of <see cref="MseOf"/>).</summary>
    public double Mse => Average(Kind.Mse);

    /// <summary>
    /// The uniform average of each output's root mean squared error, as scikit-learn's <c>root_mean_squared_error</c>;
    /// with several outputs this is not <c>sqrt(Mse)</c>.
    /// </summary>
    public double Rmse => Average(Kind.Rmse);

    /// <summary>The mean absolute error over every output of every sample (the uniform average of <see cref="MaeOf"/>).</summary>
    public double Mae => Average(Kind.Mae);

    /// <summary>The uniform average of each output's <see cref="R2Of"/>, as scikit-learn's <c>r2_score(multioutput='uniform_average')</c>.</summary>
    public double R2 => Average(Kind.R2);

    /// <summary>Output <paramref name="output"/>'s mean squared error; NaN before any sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is outside <c>[0, Outputs)</c>.</exception>
    public double MseOf(int output) => Checked(output, _sse) / Count;

    /// <summary>Output <paramref name="output"/>'s root mean squared error; NaN before any sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is outside <c>[0, Outputs)</c>.</exception>
    public double RmseOf(int output) => Math.Sqrt(MseOf(output));

    /// <summary>Output <paramref name="output"/>'s mean absolute error; NaN before any sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is outside <c>[0, Outputs)</c>.</exception>
    public double MaeOf(int output) => Checked(output, _sae) / Count;

    /// <summary>
    /// Output <paramref name="output"/>'s coefficient of determination, <c>1 - Σ(y - ŷ)² / Σ(y - ȳ)²</c>. For a constant
    /// target (a zero denominator) it is 1 when every prediction is exact and 0 otherwise, as scikit-learn's
    /// <c>r2_score(force_finite=True)</c>; NaN before two samples.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is outside <c>[0, Outputs)</c>.</exception>
    public double R2Of(int output)
    {
        double sse = Checked(output, _sse), sst = _m2[output];
        if (Count < 2)
        {
            return double.NaN;
        }
        if (sst == 0)
        {
            return sse == 0 ? 1.0 : 0.0;
        }
        return 1.0 - sse / sst;
    }

    /// <summary>Counts a batch of predictions against their targets.</summary>
    /// <param name="predictions"><c>batch x Outputs</c> predictions, for example what a network's <c>Forward</c> wrote.</param>
    /// <param name="targets"><c>batch x Outputs</c> targets.</param>
    /// <param name="batch">The number of samples.</param>
    /// <exception cref="ArgumentException">A span is not exactly <c>batch x Outputs</c> long; nothing is counted.</exception>
    public void Add(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int batch)
    {
        Batch.CheckLengths(predictions, Outputs, targets, Outputs, batch, nameof(predictions));
        for (int i = 0; i < batch; i++)
        {
            Count++;
            double inverseCount = 1.0 / Count;
            for (int j = 0; j < Outputs; j++)
            {
                double y = targets[i * Outputs + j];
                double error = predictions[i * Outputs + j] - y;
                _sse[j] += error * error;
                _sae[j] += Math.Abs(error);
                double delta = y - _mean[j];
                _mean[j] += delta * inverseCount;
                _m2[j] += delta * (y - _mean[j]);
            }
        }
    }

    /// <summary>Forgets every sample.</summary>
    public void Reset()
    {
        Count = 0;
        Array.Clear(_sse);
        Array.Clear(_sae);
        Array.Clear(_mean);
        Array.Clear(_m2);
    }

    /// <summary>A one-line summary in the invariant culture, for example <c>n=100 MSE=0.0123 RMSE=0.1109 MAE=0.08 R2=0.9512</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"n={Count} MSE={Mse:G6} RMSE={Rmse:G6} MAE={Mae:G6} R2={R2:G6}");

    private double Checked(int output, double[] sums)
    {
        if ((uint)output >= (uint)Outputs)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, $"output is {output}; pass an output in [0, {Outputs}).");
        }
        return sums[output];
    }

    private enum Kind
    {
        Mse,
        Rmse,
        Mae,
        R2,
    }

    private double Average(Kind kind)
    {
        double sum = 0;
        for (int j = 0; j < Outputs; j++)
        {
            sum += kind switch
            {
                Kind.Mse => MseOf(j),
                Kind.Rmse => RmseOf(j),
                Kind.Mae => MaeOf(j),
                _ => R2Of(j),
            };
        }
        return sum / Outputs;
    }
}
