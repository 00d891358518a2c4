namespace NetGen.Data;

/// <summary>What a CSV file's label column holds.</summary>
public enum LabelKind
{
    /// <summary>Class indices: whole numbers from 0, one per row (for softmax cross-entropy).</summary>
    Class = 0,

    /// <summary>A continuous value per row (for mean squared error).</summary>
    Regression = 1,
}
