namespace NetGen.Tests.Kernels;

/// <summary>Matrix products in float64 with three loops, for <c>NetGen.Kernels.Gemm</c>.</summary>
public static class ReferenceGemm
{
    /// <summary><c>C(m x n) = C0 + sum_p A(i, p) B(p, j)</c>, where <c>a(i, p)</c> and <c>b(p, j)</c> read the operands in any layout.</summary>
    public static double[] MultiplyAdd(int m, int n, int k, System.Func<int, int, double> a, System.Func<int, int, double> b, double[] c0)
    {
        var c = (double[])c0.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a(i, p) * b(p, j);
                }
                c[i * n + j] += s;
            }
        }
        return c;
    }
}
