using ILGPU;
using NetGen.Random;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// Inverted dropout with the CPU path's counter-based generator: the mask of element <c>i</c> is a pure function of
/// (seed, training step, i), so the GPU draws exactly the CPU's masks.
/// </summary>
public static class DropoutKernels
{
    /// <summary><c>mask[i] = U(seed, step, i) &gt;= p ? scale : 0; out[i] = inp[i] * mask[i]</c>.</summary>
    public static void TrainingForward(Index1D i, ArrayView<float> inp, ArrayView<float> output, ArrayView<float> mask,
        float probability, float scale, long seed, long step)
    {
        float m = CounterRng.Uniform(seed, step, i) >= probability ? scale : 0f;
        mask[i] = m;
        output[i] = inp[i] * m;
    }

    /// <summary><c>dinp[i] += dout[i] * mask[i]</c>.</summary>
    public static void Backward(Index1D i, ArrayView<float> dout, ArrayView<float> dinp, ArrayView<float> mask)
    {
        dinp[i] += dout[i] * mask[i];
    }
}
