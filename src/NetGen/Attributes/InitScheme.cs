// This file is linked into NetGen.Generator as source: keep it free of runtime dependencies.
namespace NetGen;

/// <summary>
/// How a layer's weight starts (<c>torch.nn.init</c>). The gain of the layer's activation scales the He and Xavier
/// schemes as <c>torch.nn.init.calculate_gain</c> gives it: sqrt(2) for ReLU, sqrt(2 / (1 + slope^2)) for leaky
/// ReLU, 5/3 for tanh, 1 otherwise. Biases start at zero.
/// </summary>
public enum InitScheme
{
    /// <summary>He uniform before (leaky) ReLU, Xavier uniform otherwise.</summary>
    Auto = 0,

    /// <summary>Xavier/Glorot uniform: <c>U(-b, b)</c>, <c>b = gain sqrt(6 / (fanIn + fanOut))</c>.</summary>
    XavierUniform = 1,

    /// <summary>Xavier/Glorot normal: <c>N(0, std)</c>, <c>std = gain sqrt(2 / (fanIn + fanOut))</c>.</summary>
    XavierNormal = 2,

    /// <summary>He/Kaiming uniform (fan-in mode): <c>U(-b, b)</c>, <c>b = gain sqrt(3 / fanIn)</c>.</summary>
    HeUniform = 3,

    /// <summary>He/Kaiming normal (fan-in mode): <c>N(0, std)</c>, <c>std = gain / sqrt(fanIn)</c>.</summary>
    HeNormal = 4,

    /// <summary>LeCun uniform: <c>U(-b, b)</c>, <c>b = sqrt(3 / fanIn)</c>.</summary>
    LeCunUniform = 5,

    /// <summary>LeCun normal (the initialisation for SELU): <c>N(0, std)</c>, <c>std = 1 / sqrt(fanIn)</c>.</summary>
    LeCunNormal = 6,

    /// <summary>All zeros.</summary>
    Zeros = 7,

    /// <summary>Every weight equal to the layer's <c>InitValue</c>.</summary>
    Constant = 8,
}
