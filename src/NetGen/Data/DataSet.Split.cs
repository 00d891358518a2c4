using System;
using System.Collections.Generic;
using NetGen.Random;

namespace NetGen.Data;

public sealed partial class DataSet
{
    /// <summary>
    /// Splits the rows into a training and a test set, like scikit-learn's <c>train_test_split</c>.
    /// </summary>
    /// <remarks>
    /// <para>The test set has <c>round(testFraction x Count)</c> rows (halves round up), exactly.</para>
    /// <para>
    /// When <paramref name="stratify"/> is set and the targets are class labels, each class gives the test set its
    /// share of that total by the largest-remainder method: every class first gets
    /// <c>floor(classCount x testRows / Count)</c> rows, then the rows still missing go one each to the classes with
    /// the largest fractional remainders (ties to the lower class index). So each class is within one row of its exact
    /// proportion, and the total is exact. The rows each class gives are drawn at random.
    /// </para>
    /// <para>
    /// Otherwise the rows are shuffled and the first <c>testRows</c> form the test set. Either way the same seed
    /// gives the same split, and both sets keep the rows in their original relative order (the trainer shuffles).
    /// </para>
    /// </remarks>
    /// <param name="testFraction">The fraction of rows for the test set, in (0, 1).</param>
    /// <param name="seed">The seed of the random draw.</param>
    /// <param name="stratify">Whether to keep the class proportions in both sets (ignored for regression targets).</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1), or one side would be empty.</exception>
    public (DataSet Train, DataSet Test) Split(double testFraction, long seed, bool stratify = true)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction), testFraction, "The test fraction must be between 0 and 1 exclusive, for example 0.2 for an 80/20 split.");
        }
        int testRows = (int)Math.Round(testFraction * Count, MidpointRounding.AwayFromZero);
        if (testRows < 1 || testRows > Count - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction), testFraction,
                $"A test fraction of {testFraction} of {Count} rows gives {testRows} test and {Count - testRows} training rows; both sides need at least one row, so pick a fraction between {1.0 / Count:0.###} and {1 - 1.0 / Count:0.###} or use more data.");
        }

        var rng = new Rng(seed);
        var isTest = new bool[Count];
        if (stratify && ClassCount > 0)
        {
            MarkStratified(isTest, testRows, ref rng);
        }
        else
        {
            var order = Identity(Count);
            rng.Shuffle<int>(order);
            for (int i = 0; i < testRows; i++)
            {
                isTest[order[i]] = true;
            }
        }

        var train = new int[Count - testRows];
        var test = new int[testRows];
        for (int row = 0, a = 0, b = 0; row < Count; row++)
        {
            if (isTest[row])
            {
                test[b++] = row;
            }
            else
            {
                train[a++] = row;
            }
        }
        return (Subset(train), Subset(test));
    }

    private void MarkStratified(bool[] isTest, int testRows, ref Rng rng)
    {
        // Rows grouped by class, classes ascending and each class's rows in their original order: only the classes
        // present take space, so a data set of 100 rows costs the same whether it declares 3 classes or 16 million.
        var keyed = new long[Count];
        for (int row = 0; row < Count; row++)
        {
            keyed[row] = ((long)_targets[row] << 32) | (uint)row;
        }
        Array.Sort(keyed);
        var starts = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            if (i == 0 || keyed[i] >> 32 != keyed[i - 1] >> 32)
            {
                starts.Add(i);
            }
        }
        int groups = starts.Count;
        starts.Add(Count);

        var quota = new int[groups];
        var remainder = new long[groups];
        int assigned = 0;
        for (int g = 0; g < groups; g++)
        {
            // Integer arithmetic, so that no rounding error can move a row between classes.
            long exact = (long)(starts[g + 1] - starts[g]) * testRows;
            quota[g] = (int)(exact / Count);
            remainder[g] = exact % Count;
            assigned += quota[g];
        }
        // The rows still missing (fewer than the classes) go one each to the largest remainders, ties to the lower class.
        var byRemainder = Identity(groups);
        Array.Sort(byRemainder, (a, b) => remainder[a] != remainder[b] ? remainder[b].CompareTo(remainder[a]) : a.CompareTo(b));
        for (int k = 0; assigned < testRows; k++, assigned++)
        {
            quota[byRemainder[k]]++;
        }

        var rows = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            rows[i] = (int)keyed[i];
        }
        for (int g = 0; g < groups; g++)
        {
            Span<int> members = rows.AsSpan(starts[g], starts[g + 1] - starts[g]);
            rng.Shuffle(members);
            foreach (int row in members[..quota[g]])
            {
                isTest[row] = true;
            }
        }
    }

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        return order;
    }
}
