namespace NetGen.Training;

/// <summary>A network's loss and accuracy over a data set.</summary>
/// <param name="Loss">The mean loss per sample.</param>
/// <param name="Accuracy">The fraction of correct predictions (see <see cref="BatchAccuracy"/>); NaN for regression losses.</param>
/// <param name="Count">The number of samples evaluated.</param>
public readonly record struct Evaluation(float Loss, float Accuracy, int Count);
