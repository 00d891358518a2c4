using ILGPU;
using NetGen.Kernels;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// Explicit patch matrices for the direct (untiled) path, used on ILGPU's CPU accelerator: there every GEMM element
/// the implicit operands gather costs several integer divisions, so the patches are written once per pass and the
/// GEMMs read plain strided matrices. Layout: <c>cols[(c, ky, kx), (b, oy, ox)]</c>, row-major.
/// </summary>
public static class Im2ColKernels
{
    /// <summary>Writes the patch matrix, <paramref name="total"/> elements (zero in the padding), striding by <paramref name="stride"/> threads.</summary>
    public static void Im2Col(Index1D index, ArrayView<float> inp, ArrayView<float> cols, Conv2DShape shape, int positions, int total, int stride)
    {
        for (int i = index; i < total; i += stride)
        {
            Im2ColElement(i, inp, cols, shape, positions);
        }
    }

    private static void Im2ColElement(int i, ArrayView<float> inp, ArrayView<float> cols, Conv2DShape shape, int positions)
    {
        int element = i / positions;
        int position = i - element * positions;
        int kernelArea = shape.KernelHeight * shape.KernelWidth;
        int c = element / kernelArea;
        int r = element - c * kernelArea;
        int ky = r / shape.KernelWidth, kx = r - ky * shape.KernelWidth;
        int outPlane = shape.OutHeight * shape.OutWidth;
        int b = position / outPlane;
        int p = position - b * outPlane;
        int oy = p / shape.OutWidth, ox = p - oy * shape.OutWidth;
        int iy = oy * shape.StrideHeight - shape.PadHeight + ky * shape.DilationHeight;
        int ix = ox * shape.StrideWidth - shape.PadWidth + kx * shape.DilationWidth;
        cols[i] = iy < 0 || iy >= shape.InHeight || ix < 0 || ix >= shape.InWidth
            ? 0f
            : inp[b * shape.InSize + (c * shape.InHeight + iy) * shape.InWidth + ix];
    }

    /// <summary>
    /// <c>dinp[b, c, iy, ix] += sum of dcols[(c, ky, kx), (b, oy, ox)]</c> over the taps that read the pixel: the
    /// adjoint of <see cref="Im2Col"/>, as a gather (each input element summed by one thread, no atomics).
    /// </summary>
    public static void Col2Im(Index1D index, ArrayView<float> dcols, ArrayView<float> dinp, Conv2DShape shape, int positions, int total, int stride)
    {
        for (int i = index; i < total; i += stride)
        {
            Col2ImElement(i, dcols, dinp, shape, positions);
        }
    }

    private static void Col2ImElement(int i, ArrayView<float> dcols, ArrayView<float> dinp, Conv2DShape shape, int positions)
    {
        int inPlane = shape.InHeight * shape.InWidth;
        int b = i / shape.InSize;
        int rest = i - b * shape.InSize;
        int c = rest / inPlane;
        int q = rest - c * inPlane;
        int iy = q / shape.InWidth, ix = q - iy * shape.InWidth;
        int outPlane = shape.OutHeight * shape.OutWidth;
        float sum = 0f;
        for (int ky = 0; ky < shape.KernelHeight; ky++)
        {
            int ty = iy + shape.PadHeight - ky * shape.DilationHeight;
            int oy = ty / shape.StrideHeight;
            if (ty < 0 || oy * shape.StrideHeight != ty || oy >= shape.OutHeight)
            {
                continue;
            }
            for (int kx = 0; kx < shape.KernelWidth; kx++)
            {
                int tx = ix + shape.PadWidth - kx * shape.DilationWidth;
                int ox = tx / shape.StrideWidth;
                if (tx < 0 || ox * shape.StrideWidth != tx || ox >= shape.OutWidth)
                {
                    continue;
                }
                int element = (c * shape.KernelHeight + ky) * shape.KernelWidth + kx;
                sum += dcols[element * positions + b * outPlane + oy * shape.OutWidth + ox];
            }
        }
        dinp[i] += sum;
    }
}
