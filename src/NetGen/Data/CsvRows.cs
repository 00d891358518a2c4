using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetGen.Data;

/// <summary>The row reader behind <see cref="CsvLoader"/>: numeric fields, one label column, strict shape checks.</summary>
internal static class CsvRows
{
    private const int MaxQuotedText = 60;

    /// <summary>Reads every remaining line of <paramref name="reader"/>; <paramref name="linesRead"/> lines came before.</summary>
    public static DataSet Read(TextReader reader, CsvOptions options, string source, int linesRead)
    {
        bool classes = options.LabelKind == LabelKind.Class;
        int? fixedClasses = CheckClassOptions(options, classes);
        CsvMatrix matrix = ReadMatrix(reader, options.Separator, source, linesRead);
        int fieldCount = matrix.Columns;
        int labelColumn = ResolveLabelColumn(options, fieldCount, source, matrix.FirstLine);
        var features = new float[matrix.Rows * (fieldCount - 1)];
        var labels = new float[matrix.Rows];
        float maxLabel = -1;
        int next = 0;
        for (int row = 0; row < matrix.Rows; row++)
        {
            for (int column = 0; column < fieldCount; column++)
            {
                float value = matrix.Values[row * fieldCount + column];
                if (column != labelColumn)
                {
                    features[next++] = value;
                    continue;
                }
                if (classes)
                {
                    // Blank lines are allowed only at the end, so row r is on line FirstLine + r.
                    CheckLabel(value, fixedClasses, source, matrix.FirstLine + row, column);
                }
                labels[row] = value;
                maxLabel = Math.Max(maxLabel, value);
            }
        }
        int classCount = classes ? fixedClasses ?? (int)maxLabel + 1 : 0;
        return new DataSet(features, fieldCount - 1, labels, 1, classCount, options.ClassNames?.ToArray());
    }

    /// <summary>Every field of every data row as a number, checking that rows have the same field count.</summary>
    public static CsvMatrix ReadMatrix(TextReader reader, char separator, string source, int linesRead)
    {
        var values = new List<float>();
        int line = linesRead, fieldCount = 0, firstDataLine = 0, blankLine = 0, rows = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                blankLine = blankLine == 0 ? line : blankLine;
                continue;
            }
            if (blankLine != 0)
            {
                throw new FormatException(
                    $"{source}, line {blankLine}: the line is blank but data follows on line {line}; remove the blank line (blank lines are allowed only at the end of the file).");
            }
            int count = text.AsSpan().Count(separator) + 1;
            if (fieldCount == 0)
            {
                (fieldCount, firstDataLine) = (count, line);
            }
            if ((long)values.Count + count > Array.MaxLength)
            {
                throw new FormatException(
                    $"{source}, line {line}: the file holds more than {Array.MaxLength} values, more than one array can hold; load a part of it (split the file), or drop columns you do not need.");
            }
            try
            {
                ReadRow(text, count, fieldCount, firstDataLine, separator, source, line, values);
            }
            catch (FormatException e)
            {
                // Not in a filter: at the end of a gzip file RestIsBlank checks the trailer, and may throw for it.
                if (!RestIsBlank(reader))
                {
                    throw;
                }
                // A download or copy cut short ends mid-row: too few fields, an empty or half-written number.
                throw new FormatException(
                    $"{e.Message} It is the file's last line, which may have been cut short: if the file is truncated, re-download or re-export it.", e);
            }
            rows++;
        }
        if (rows == 0)
        {
            throw new FormatException($"{source} has no data rows after line {line}; check the file, and SkipHeaderLines if it has a header.");
        }
        return new CsvMatrix(values.ToArray(), rows, fieldCount, firstDataLine);
    }

    private static void ReadRow(string text, int count, int fieldCount, int firstDataLine, char separator, string source, int line, List<float> values)
    {
        if (count != fieldCount)
        {
            throw new FormatException(
                $"{source}, line {line}: found {count} fields but line {firstDataLine} has {fieldCount} ('{Quote(text)}'); every row needs the same number of fields, so look for a missing value or a stray '{separator}'.");
        }
        ReadOnlySpan<char> rest = text;
        for (int column = 0; column < count; column++)
        {
            int cut = rest.IndexOf(separator);
            values.Add(ParseField(cut < 0 ? rest : rest[..cut], source, line, column));
            rest = cut < 0 ? ReadOnlySpan<char>.Empty : rest[(cut + 1)..];
        }
    }

    // Whether nothing but blank lines follows. Only called on the way to an error, so consuming the reader is fine;
    // on a gzip file, reaching the end checks the trailer, which reports a cut file as such.
    private static bool RestIsBlank(TextReader reader)
    {
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                return false;
            }
        }
        return true;
    }

    private static int? CheckClassOptions(CsvOptions options, bool classes)
    {
        int? names = options.ClassNames?.Count;
        if (!classes && (options.ClassCount is not null || names is not null))
        {
            throw new ArgumentException("ClassCount and ClassNames apply only to class labels; remove them or set LabelKind = LabelKind.Class.", nameof(options));
        }
        if (options.ClassCount is < 1 || names is 0)
        {
            throw new ArgumentException("ClassCount and ClassNames must describe at least one class; leave them null to infer the classes from the labels.", nameof(options));
        }
        if (options.ClassCount > DataSet.MaxClassCount || names > DataSet.MaxClassCount)
        {
            throw new ArgumentException(
                $"ClassCount is {options.ClassCount ?? names} but a data set holds at most DataSet.MaxClassCount = {DataSet.MaxClassCount} classes (labels are 32-bit floats, exact only up to 2^24); use fewer classes.",
                nameof(options));
        }
        if (options.ClassCount is int n && names is int m && n != m)
        {
            throw new ArgumentException($"ClassCount is {n} but {m} ClassNames were given; give one name per class.", nameof(options));
        }
        return options.ClassCount ?? names;
    }

    private static int ResolveLabelColumn(CsvOptions options, int fieldCount, string source, int line)
    {
        if (fieldCount < 2)
        {
            throw new FormatException(
                $"{source}, line {line}: found 1 field but a row needs at least one feature and a label; check that Separator ('{options.Separator}') matches the file.");
        }
        int column = options.LabelColumn < 0 ? fieldCount + options.LabelColumn : options.LabelColumn;
        if ((uint)column >= (uint)fieldCount)
        {
            throw new ArgumentException(
                $"LabelColumn is {options.LabelColumn} but the rows of {source} have {fieldCount} fields (line {line}); use 0 to {fieldCount - 1}, or -1 for the last column.",
                nameof(options));
        }
        return column;
    }

    private static float ParseField(ReadOnlySpan<char> field, string source, int line, int column)
    {
        if (field.IsWhiteSpace())
        {
            throw new FormatException(
                $"{source}, line {line}, column {column + 1}: the field is empty (a missing value?); fill in or impute the value, or drop the row.");
        }
        if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
        {
            string comma = field.IndexOf(',') >= 0
                ? " (it holds a comma: numbers are read in the invariant culture, so write 1.5 rather than 1,5 and no thousands separators)"
                : "";
            throw new FormatException(
                $"{source}, line {line}, column {column + 1}: '{Quote(field)}' is not a number{comma}; write every field as a number with '.' as the decimal point, encode text categories as numbers, or set SkipHeaderLines if this is a header.");
        }
        if (!float.IsFinite(value))
        {
            throw new FormatException(
                $"{source}, line {line}, column {column + 1}: '{Quote(field)}' is not a finite number; clean or impute missing values (for example with the column mean) before loading.");
        }
        return value;
    }

    private static void CheckLabel(float label, int? classCount, string source, int line, int column)
    {
        if (label < 0 || label != MathF.Floor(label))
        {
            throw new FormatException(
                $"{source}, line {line}, column {column + 1}: the label {label.ToString(CultureInfo.InvariantCulture)} is not a class index (a whole number from 0); set LabelKind = LabelKind.Regression for continuous targets, or remap the labels to 0, 1, 2, ...");
        }
        if (label > DataSet.MaxClassCount - 1)
        {
            // Not the value: from 2^24 on, the float read may differ from the text (16777217 reads as 16777216).
            throw new FormatException(
                $"{source}, line {line}, column {column + 1}: the label is too large; class labels run from 0 to at most {DataSet.MaxClassCount - 1} (2^24 - 1), because labels are stored as 32-bit floats, which hold whole numbers exactly only up to 2^24. Remap the labels to 0, 1, 2, ... (one index per distinct value), or set LabelKind = LabelKind.Regression if they are values to predict.");
        }
        if (label >= classCount)
        {
            throw new FormatException(
                $"{source}, line {line}, column {column + 1}: the label {label.ToString(CultureInfo.InvariantCulture)} is outside the {classCount} classes (0 to {classCount - 1}); raise ClassCount, add class names, or fix the label.");
        }
    }

    private static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= MaxQuotedText ? text.ToString() : string.Concat(text[..MaxQuotedText], "...");
}
