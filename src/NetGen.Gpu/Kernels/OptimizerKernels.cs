using ILGPU;
using NetGen.Optimizers.Rules;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// The optimizer update and the finite check of the gradients, one thread per element. The update's math is the
/// runtime's <see cref="IOptimizerRule"/> structs, the same rounding as the CPU optimizers' vectorised passes.
/// </summary>
public static class OptimizerKernels
{
    /// <summary>
    /// <c>(p, s0, s1, s2) = rule.Update((p, s0, s1, s2), g, decay)</c> at every index below <paramref name="length"/>;
    /// only the first <paramref name="states"/> state views are read and written.
    /// </summary>
    /// <remarks>Each thread strides over the elements by the launched thread count (<see cref="GpuDevice.Threads"/>).</remarks>
    public static void Update<TRule>(
        Index1D index, TRule rule, ArrayView<float> parameters, ArrayView<float> gradients,
        ArrayView<float> state0, ArrayView<float> state1, ArrayView<float> state2, int states, int decay, int length, int stride)
        where TRule : struct, IOptimizerRule
    {
        for (int i = index; i < length; i += stride)
        {
            var element = new OptimizerElement(
                parameters[i],
                states > 0 ? state0[i] : 0f,
                states > 1 ? state1[i] : 0f,
                states > 2 ? state2[i] : 0f);
            element = rule.Update(element, gradients[i], decay != 0);
            parameters[i] = element.Parameter;
            if (states > 0)
            {
                state0[i] = element.State0;
            }
            if (states > 1)
            {
                state1[i] = element.State1;
            }
            if (states > 2)
            {
                state2[i] = element.State2;
            }
        }
    }

    /// <summary>
    /// Sets <c>flag[0]</c> to 1 when a value below <paramref name="length"/> is NaN or infinite (every writer writes
    /// the same value); each thread strides as in <see cref="Update{TRule}"/>.
    /// </summary>
    public static void FlagNonFinite(Index1D index, ArrayView<float> values, ArrayView<int> flag, int length, int stride)
    {
        for (int i = index; i < length; i += stride)
        {
            float v = values[i];
            if (!(v <= float.MaxValue && v >= -float.MaxValue))
            {
                flag[0] = 1;
            }
        }
    }
}
