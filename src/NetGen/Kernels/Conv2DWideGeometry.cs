using System;

namespace NetGen.Kernels;

/// <summary>The padded image and wide-position layout of <see cref="Conv2DDirect"/> for one shape.</summary>
internal readonly struct WideGeometry
{
    public WideGeometry(in Conv2DShape s)
    {
        Height = s.InHeight + 2 * s.PadHeight;
        Width = s.InWidth + 2 * s.PadWidth;
        Padded = s.PadHeight > 0 || s.PadWidth > 0;
        Positions = (s.OutHeight - 1) * Width + s.OutWidth;
        Slots = (Positions + Conv2DTiles.Lanes - 1) / Conv2DTiles.Lanes;
        OutBlocks = (s.OutChannels + 7) / 8;
    }

    /// <summary>Rows of the padded image, <c>Hp = H + 2 pH</c>.</summary>
    public int Height { get; }

    /// <summary>Columns of the padded image, <c>Wp = W + 2 pW</c>: the stride of wide positions.</summary>
    public int Width { get; }

    /// <summary>Floats of one padded channel, <c>Hp Wp</c>.</summary>
    public int Plane => Height * Width;

    /// <summary>Whether the input needs a zero-padded copy.</summary>
    public bool Padded { get; }

    /// <summary>Wide positions up to the last real output, <c>P = (outH - 1) Wp + outW</c>.</summary>
    public int Positions { get; }

    /// <summary>Vectors of 16 positions covering <c>[0, P)</c>, the last one starting at <see cref="Last"/>.</summary>
    public int Slots { get; }

    /// <summary>Where the last slot starts, <c>P - 16</c>.</summary>
    public nint Last => Positions - Conv2DTiles.Lanes;

    /// <summary>The stride of a row of wide values, <c>16 Slots</c>.</summary>
    public int RowStride => Slots * Conv2DTiles.Lanes;

    /// <summary>Blocks of 8 output channels.</summary>
    public int OutBlocks { get; }
}
