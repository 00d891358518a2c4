using System;
using ILGPU;
using ILGPU.Runtime;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// Batch normalisation's per-channel reductions for tiled devices (CUDA): one group per channel, each thread summing
/// a strided share of the channel's values in float64, then a tree reduction in shared memory. Same results as
/// <see cref="BatchNormKernels"/> up to the order of float64 additions.
/// </summary>
public static class BatchNormGroupedKernels
{
    /// <summary>The grouped form of <see cref="BatchNormKernels.TrainingStatistics"/>: the group's X index is the channel.</summary>
    public static void TrainingStatistics(ArrayView<float> inp, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> affine, int channels, int spatial, int batch, float momentum, float epsilon, int hasAffine)
    {
        ArrayView<double> shared = SharedMemory.GetDynamic<double>();
        int c = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long n = (long)batch * spatial;
        double sum = 0;
        for (long j = t; j < n; j += threads)
        {
            sum += inp[Index(j, c, channels, spatial)];
        }
        double mean = Reduce(shared, sum, t, threads) / n;
        double squares = 0;
        for (long j = t; j < n; j += threads)
        {
            double d = inp[Index(j, c, channels, spatial)] - mean;
            squares += d * d;
        }
        double variance = Reduce(shared, squares, t, threads) / n;
        if (t == 0)
        {
            double invStd = 1.0 / Math.Sqrt(variance + epsilon);
            saveMean[c] = (float)mean;
            saveInvStd[c] = (float)invStd;
            runningMean[c] = (float)((1.0 - momentum) * runningMean[c] + momentum * mean);
            runningVar[c] = (float)((1.0 - momentum) * runningVar[c] + momentum * variance * n / (n - 1));
            double g = hasAffine != 0 ? gamma[c] : 1.0;
            double shift = hasAffine != 0 ? beta[c] : 0.0;
            affine[2 * c] = (float)(g * invStd);
            affine[2 * c + 1] = (float)(shift - mean * g * invStd);
        }
    }

    /// <summary>The grouped form of <see cref="BatchNormKernels.BackwardStatistics"/>: the group's X index is the channel.</summary>
    public static void BackwardStatistics(ArrayView<float> inp, ArrayView<float> dout, ArrayView<float> gamma,
        ArrayView<float> dgamma, ArrayView<float> dbeta, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> factors, int channels, int spatial, int batch, int hasAffine)
    {
        ArrayView<double> shared = SharedMemory.GetDynamic<double>();
        int c = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long n = (long)batch * spatial;
        float mean = saveMean[c], invStd = saveInvStd[c];
        double sumDy = 0, sumDyXhat = 0;
        for (long j = t; j < n; j += threads)
        {
            long i = Index(j, c, channels, spatial);
            double dy = dout[i];
            sumDy += dy;
            sumDyXhat += dy * ((inp[i] - mean) * invStd);
        }
        sumDy = Reduce(shared, sumDy, t, threads);
        sumDyXhat = Reduce(shared, sumDyXhat, t, threads);
        if (t == 0)
        {
            if (hasAffine != 0)
            {
                dbeta[c] += (float)sumDy;
                dgamma[c] += (float)sumDyXhat;
            }
            factors[3 * c] = (hasAffine != 0 ? gamma[c] : 1f) * invStd / n;
            factors[3 * c + 1] = (float)sumDy;
            factors[3 * c + 2] = (float)sumDyXhat;
        }
    }

    /// <summary>One group per channel, <paramref name="threads"/> (a power of two) threads, a double per thread of shared memory.</summary>
    public static KernelConfig Config(int channels, int threads) =>
        new KernelConfig(new Index1D(channels), new Index1D(threads), SharedMemoryConfig.RequestDynamic<double>(threads));

    /// <summary>The largest power of two not above <paramref name="maxThreads"/>.</summary>
    public static int Threads(int maxThreads)
    {
        int threads = 1;
        while (threads * 2 <= maxThreads)
        {
            threads *= 2;
        }
        return threads;
    }

    // Value j of channel c, in (batch, spatial) order, of a (batch, channels, spatial) tensor.
    private static long Index(long j, int c, int channels, int spatial)
    {
        long b = j / spatial;
        return (b * channels + c) * spatial + (j - b * spatial);
    }

    // The sum of every thread's value, returned to all of them.
    private static double Reduce(ArrayView<double> shared, double value, int t, int threads)
    {
        shared[t] = value;
        Group.Barrier();
        for (int half = threads / 2; half > 0; half /= 2)
        {
            if (t < half)
            {
                shared[t] += shared[t + half];
            }
            Group.Barrier();
        }
        double total = shared[0];
        Group.Barrier();
        return total;
    }
}
