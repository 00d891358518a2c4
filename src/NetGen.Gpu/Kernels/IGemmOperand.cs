namespace NetGen.Gpu.Kernels;

/// <summary>
/// One operand of <see cref="TiledGemm"/>: element (row, col) of a matrix that
/// may exist only implicitly (a convolution's patches are gathered from the input as the tile is loaded). The GEMM
/// checks the bounds; an operand returns zero where the matrix has a hole (padding).
/// </summary>
public interface IGemmOperand
{
    /// <summary>The element at (<paramref name="row"/>, <paramref name="col"/>), both within the matrix.</summary>
    float Load(int row, int col);
}

/// <summary>What <see cref="TiledGemm"/> does with each element of its product: store it, fused with bias and activation, or add it.</summary>
public interface IGemmEpilogue
{
    /// <summary>Handles element (<paramref name="row"/>, <paramref name="col"/>) of the product, <paramref name="value"/>.</summary>
    void Store(int row, int col, float value);
}
