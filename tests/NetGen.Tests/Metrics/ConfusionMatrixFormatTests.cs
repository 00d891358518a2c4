using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using NetGen.Metrics;
using Xunit;

namespace NetGen.Tests.Metrics;

public class ConfusionMatrixFormatTests
{
    // scikit-learn's documented example: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1].
    private static ConfusionMatrix DocsExample(params string[] names)
    {
        var m = new ConfusionMatrix(3, names.Length == 0 ? null : names);
        int[] actual = { 0, 1, 2, 2, 2 }, predicted = { 0, 0, 2, 2, 1 };
        for (int i = 0; i < actual.Length; i++)
        {
            m.Add(actual[i], predicted[i]);
        }
        return m;
    }

    [Fact]
    public void ToTable_LabelsRowsActualAndColumnsPredicted_WithClassNamesAligned()
    {
        string table = DocsExample("cat", "dog", "bird").ToTable();

        // Column widths: the label column is as wide as its header (18); each count column as wide as its name.
        Assert.Equal(
            "actual \\ predicted  cat  dog  bird\n" +
            "cat                   1    0     0\n" +
            "dog                   1    0     0\n" +
            "bird                  0    1     2\n",
            table);
    }

    [Fact]
    public void ToTable_WideCountsAndLongNames_WidenTheirColumns()
    {
        var m = new ConfusionMatrix(2, new[] { "a", "a rather long class name" });
        for (int i = 0; i < 12345; i++)
        {
            m.Add(0, 0);
        }
        m.Add(1, 0);

        string[] lines = m.ToTable().TrimEnd('\n').Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal(lines[0].Length, line.Length));
        Assert.Equal("actual \\ predicted            a  a rather long class name", lines[0]);
        Assert.Equal("a                         12345                         0", lines[1]);
        Assert.Equal("a rather long class name      1                         0", lines[2]);
    }

    [Fact]
    public void ToTable_DefaultNames_AreTheClassIndices()
    {
        Assert.StartsWith("actual \\ predicted  0  1  2\n0                   1  0  0\n", DocsExample().ToTable());
    }

    // The expected reports are scikit-learn 1.2.1's classification_report(..., digits=4, zero_division=0) output.
    [Fact]
    public void ClassificationReport_DocsExample_MatchesScikitLearnWithFourDigits()
    {
        // Per class (see ConfusionMatrixTests for the arithmetic):
        //   cat:  tp 1, predicted 2, support 1: P 1/2, R 1, F1 2/3
        //   dog:  tp 0, predicted 1, support 1: P 0, R 0, F1 0
        //   bird: tp 2, predicted 2, support 3: P 1, R 2/3, F1 4/5
        // accuracy 3/5; macro (0.5 + 0 + 1)/3 = 0.5, (1 + 0 + 2/3)/3 = 0.5556, (2/3 + 0 + 0.8)/3 = 0.4889;
        // weighted by 1, 1, 3 of 5: (0.5 + 3)/5 = 0.7, (1 + 2)/5 = 0.6, (2/3 + 2.4)/5 = 0.6133.
        string report = DocsExample("cat", "dog", "bird").ClassificationReport();

        Assert.Equal(
            "              precision    recall  f1-score   support\n" +
            "\n" +
            "         cat     0.5000    1.0000    0.6667         1\n" +
            "         dog     0.0000    0.0000    0.0000         1\n" +
            "        bird     1.0000    0.6667    0.8000         3\n" +
            "\n" +
            "    accuracy                         0.6000         5\n" +
            "   macro avg     0.5000    0.5556    0.4889         5\n" +
            "weighted avg     0.7000    0.6000    0.6133         5\n",
            report);
    }

    [Fact]
    public void ClassificationReport_NameLongerThanWeightedAvg_WidensTheNameColumn()
    {
        var m = new ConfusionMatrix(2, new[] { "negative review", "positive review" });
        m.Add(0, 0);
        m.Add(1, 1);
        m.Add(1, 0);

        string report = m.ClassificationReport();

        // negative: tp 1, predicted 2, support 1: P 1/2, R 1, F1 2/3; positive: tp 1, predicted 1, support 2: P 1, R 1/2, F1 2/3.
        // Name column 15 wide, then " " and four 10-wide columns: every non-blank line is 15 + 1 + 40 = 56 long.
        Assert.Equal(
            "                 precision    recall  f1-score   support\n" +
            "\n" +
            "negative review     0.5000    1.0000    0.6667         1\n" +
            "positive review     1.0000    0.5000    0.6667         2\n" +
            "\n" +
            "       accuracy                         0.6667         3\n" +
            "      macro avg     0.7500    0.7500    0.6667         3\n" +
            "   weighted avg     0.8333    0.6667    0.6667         3\n",
            report);
        Assert.All(report.Split('\n').Where(line => line.Length > 0), line => Assert.Equal(56, line.Length));
    }

    [Fact]
    public void ClassificationReport_UnderACommaDecimalCulture_StillUsesPoints()
    {
        CultureInfo saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string report = DocsExample().ClassificationReport();
            Assert.Contains("0.6667", report, StringComparison.Ordinal);
            Assert.DoesNotContain(",", report, StringComparison.Ordinal);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }
}
