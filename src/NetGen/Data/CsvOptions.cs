using System.Collections.Generic;

namespace NetGen.Data;

/// <summary>
/// How <see cref="CsvLoader"/> reads a numeric CSV file: every field a number in the invariant culture
/// (<c>.</c> as the decimal point), one column the label, every other column a feature. Quoted fields are not
/// supported; encode categories as numbers first. Error messages number lines and columns from 1, as editors do.
/// </summary>
public sealed record CsvOptions
{
    /// <summary>The field separator; <c>','</c> by default.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>How many lines at the top of the file to skip (a header line, for example); 0 by default.</summary>
    public int SkipHeaderLines { get; init; }

    /// <summary>
    /// The 0-based column of the label. Negative values count from the end, as in Python: -1 (the default) is
    /// the last column, -2 the one before it.
    /// </summary>
    public int LabelColumn { get; init; } = -1;

    /// <summary>Whether the label is a class index or a regression value; <see cref="LabelKind.Class"/> by default.</summary>
    public LabelKind LabelKind { get; init; } = LabelKind.Class;

    /// <summary>
    /// The number of classes, for <see cref="LabelKind.Class"/> labels. When null, it is the number of
    /// <see cref="ClassNames"/> if given, else the largest label + 1. Set it when a class may be missing from a file.
    /// </summary>
    public int? ClassCount { get; init; }

    /// <summary>Optional class names (index = class), carried into the data set.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
