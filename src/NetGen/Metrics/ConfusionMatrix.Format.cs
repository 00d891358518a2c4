using System;
using System.Globalization;
using System.Text;

namespace NetGen.Metrics;

public sealed partial class ConfusionMatrix
{
    private const string Corner = "actual \\ predicted";

    /// <summary>
    /// The matrix as aligned text: a header row of predicted class names, then one row per actual class, its name
    /// first and its counts right-aligned under the column names. Lines end with <c>\n</c>, the last one included.
    /// </summary>
    /// <example>
    /// <code>
    /// actual \ predicted  cat  dog  bird
    /// cat                   1    0     0
    /// dog                   1    0     0
    /// bird                  0    1     2
    /// </code>
    /// </example>
    public string ToTable()
    {
        int labelWidth = Corner.Length;
        foreach (string name in _classNames)
        {
            labelWidth = Math.Max(labelWidth, name.Length);
        }
        var widths = new int[Classes];
        for (int p = 0; p < Classes; p++)
        {
            widths[p] = _classNames[p].Length;
            for (int a = 0; a < Classes; a++)
            {
                widths[p] = Math.Max(widths[p], Count(_counts[a * Classes + p]).Length);
            }
        }

        var text = new StringBuilder();
        text.Append(Corner.PadRight(labelWidth));
        for (int p = 0; p < Classes; p++)
        {
            text.Append("  ").Append(_classNames[p].PadLeft(widths[p]));
        }
        text.Append('\n');
        for (int a = 0; a < Classes; a++)
        {
            text.Append(_classNames[a].PadRight(labelWidth));
            for (int p = 0; p < Classes; p++)
            {
                text.Append("  ").Append(Count(_counts[a * Classes + p]).PadLeft(widths[p]));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The text of scikit-learn's <c>classification_report(y_true, y_pred, labels=range(classes), target_names=names, digits=4)</c>:
    /// precision, recall, f1-score and support per class, then the accuracy, the macro average and the weighted average,
    /// with 4 decimals in the invariant culture, columns 9 wide and lines ending with <c>\n</c>.
    /// </summary>
    /// <example>
    /// <code>
    ///               precision    recall  f1-score   support
    ///
    ///          cat     0.5000    1.0000    0.6667         1
    ///          dog     0.0000    0.0000    0.0000         1
    ///         bird     1.0000    0.6667    0.8000         3
    ///
    ///     accuracy                         0.6000         5
    ///    macro avg     0.5000    0.5556    0.4889         5
    /// weighted avg     0.7000    0.6000    0.6133         5
    /// </code>
    /// </example>
    public string ClassificationReport()
    {
        const string LongestHeading = "weighted avg";
        int width = LongestHeading.Length;
        foreach (string name in _classNames)
        {
            width = Math.Max(width, name.Length);
        }

        var text = new StringBuilder();
        text.Append(' ', width + 1).Append(" precision    recall  f1-score   support\n\n");
        for (int c = 0; c < Classes; c++)
        {
            Row(text, _classNames[c], width, Precision(c), Recall(c), F1(c), Support(c));
        }
        text.Append('\n');
        // Python's "{:>{width}s} " + " {:>9.4}" * 2 + " {:>9.4f}" + " {:>9}\n", with blank precision and recall.
        text.Append("accuracy".PadLeft(width)).Append(' ', 1 + 10 + 10 + 1).Append(Decimal(Accuracy))
            .Append(' ').Append(Count(_total).PadLeft(9)).Append('\n');
        Row(text, "macro avg", width, MacroPrecision, MacroRecall, MacroF1, _total);
        Row(text, LongestHeading, width, WeightedPrecision, WeightedRecall, WeightedF1, _total);
        return text.ToString();
    }

    // One line of the report: Python's "{:>{width}s} " + " {:>9.4f}" * 3 + " {:>9}\n".
    private static void Row(StringBuilder text, string heading, int width, double precision, double recall, double f1, long support) =>
        text.Append(heading.PadLeft(width)).Append(' ')
            .Append(' ').Append(Decimal(precision))
            .Append(' ').Append(Decimal(recall))
            .Append(' ').Append(Decimal(f1))
            .Append(' ').Append(Count(support).PadLeft(9)).Append('\n');

    private static string Decimal(double value) => value.ToString("F4", CultureInfo.InvariantCulture).PadLeft(9);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
