using System;
using System.Globalization;

namespace NetGen.Training;

/// <summary>The numbers of one finished epoch, as a Keras or PyTorch Lightning progress line shows them.</summary>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="Epochs">The number of epochs in this <see cref="Trainer.Fit"/> call.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's samples (each batch weighted by its size).</param>
/// <param name="TrainAccuracy">
/// The training accuracy over the epoch, measured on each batch's forward pass before its update; NaN for
/// regression losses.
/// </param>
/// <param name="ValidationLoss">The validation loss after the epoch, or null without a validation set.</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch, or null without a validation set.</param>
/// <param name="Elapsed">The time since <see cref="Trainer.Fit"/> started.</param>
public readonly record struct EpochReport(
    int Epoch,
    int Epochs,
    float TrainLoss,
    float TrainAccuracy,
    float? ValidationLoss,
    float? ValidationAccuracy,
    TimeSpan Elapsed)
{
    /// <summary>A one-line summary, for example <c>epoch 3/10  loss 0.4123  acc 0.8800  val_loss 0.5012  val_acc 0.8500  (1.2 s)</c>.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string text = string.Create(c, $"epoch {Epoch}/{Epochs}  loss {TrainLoss:0.0000}");
        if (!float.IsNaN(TrainAccuracy))
        {
            text += string.Create(c, $"  acc {TrainAccuracy:0.0000}");
        }
        if (ValidationLoss is float vl)
        {
            text += string.Create(c, $"  val_loss {vl:0.0000}");
        }
        if (ValidationAccuracy is float va && !float.IsNaN(va))
        {
            text += string.Create(c, $"  val_acc {va:0.0000}");
        }
        return text + string.Create(c, $"  ({Elapsed.TotalSeconds:0.0} s)");
    }
}
