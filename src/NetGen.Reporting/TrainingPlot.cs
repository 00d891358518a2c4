using System;
using System.IO;
using System.Linq;
using NetGen.Training;
using ScottPlot;

namespace NetGen.Reporting;

/// <summary>Draws a training history (loss and accuracy per epoch, training and validation) as a PNG with ScottPlot.</summary>
public static class TrainingPlot
{
    /// <summary>
    /// Writes the plot of <paramref name="history"/> to <paramref name="path"/> (PNG): losses on the left axis,
    /// accuracies (when the loss has them) on the right, the legend in a row below. Returns the full path written.
    /// </summary>
    public static string Save(TrainingHistory history, string path, string title, int width = 900, int height = 500)
    {
        Plot plot = Build(history, title);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, width, height);
        return full;
    }

    /// <summary>The plot <see cref="Save"/> draws, before it is rendered.</summary>
    internal static Plot Build(TrainingHistory history, string title)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs.Count == 0)
        {
            throw new ArgumentException("The history holds no epochs to plot; plot the result of a Fit that ran.", nameof(history));
        }
        double[] epochs = history.Epochs.Select(r => (double)r.Epoch).ToArray();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        AddLine(plot, epochs, history.Epochs.Select(r => (double)r.TrainLoss).ToArray(), "training loss", Colors.Blue, LinePattern.Solid, plot.Axes.Left);
        if (history.Epochs.All(r => r.ValidationLoss is not null))
        {
            AddLine(plot, epochs, history.Epochs.Select(r => (double)r.ValidationLoss!.Value).ToArray(), "validation loss", Colors.Orange, LinePattern.Solid, plot.Axes.Left);
        }
        if (!history.Epochs.Any(r => float.IsNaN(r.TrainAccuracy)))
        {
            plot.Axes.Right.Label.Text = "accuracy";
            AddLine(plot, epochs, history.Epochs.Select(r => (double)r.TrainAccuracy).ToArray(), "training accuracy", Colors.Blue, LinePattern.Dashed, plot.Axes.Right);
            if (history.Epochs.All(r => r.ValidationAccuracy is not null))
            {
                AddLine(plot, epochs, history.Epochs.Select(r => (double)r.ValidationAccuracy!.Value).ToArray(), "validation accuracy", Colors.Orange, LinePattern.Dashed, plot.Axes.Right);
            }
        }
        // Below the axes, in one row: inside the data area any corner can hide a curve (accuracy rises into the upper
        // corners while the loss falls from the upper left), so the legend takes a band of its own.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color color, LinePattern pattern, ScottPlot.IYAxis axis)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Axes.YAxis = axis;
    }
}
