using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen.Data;

/// <summary>
/// Loads numeric CSV files into a <see cref="DataSet"/>, like <c>numpy.loadtxt</c> followed by splitting off the
/// label column. Gzip-compressed files (recognised by their first bytes, whatever their name) are decompressed on
/// the fly and their gzip checksum verified, so a truncated download throws rather than loading fewer rows. Every
/// problem throws an exception naming the file, the line and the column, and how to fix it.
/// </summary>
public static class CsvLoader
{
    /// <summary>Reads the CSV file at <paramref name="path"/>, plain or gzip-compressed (as names ending in <c>.gz</c> must be).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">How to read it; null for the defaults (comma-separated, no header, class label last).</param>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">A line is malformed; the message names the line, column and text.</exception>
    /// <exception cref="InvalidDataException">A gzip file is truncated, damaged, or not gzip although named <c>.gz</c>.</exception>
    public static DataSet Load(string path, CsvOptions? options = null) =>
        Read(path, reader => Parse(reader, options ?? new CsvOptions(), path));

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the line, column and text.</exception>
    public static DataSet Parse(TextReader reader, CsvOptions options, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SkipHeaderLines < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.SkipHeaderLines, "SkipHeaderLines must be 0 or more: the number of lines before the first data row.");
        }
        for (int line = 1; line <= options.SkipHeaderLines; line++)
        {
            if (reader.ReadLine() is null)
            {
                throw new FormatException(
                    $"{sourceName} ends at line {line - 1}, inside the {options.SkipHeaderLines} header lines to skip; lower SkipHeaderLines or check the file.");
            }
        }
        return CsvRows.Read(reader, options, sourceName, options.SkipHeaderLines);
    }

    /// <summary>
    /// Reads features and regression targets kept in two files with the same rows, as scikit-learn ships the diabetes
    /// data (<c>diabetes_data_raw.csv.gz</c> and <c>diabetes_target.csv.gz</c>): every column of the first file is a
    /// feature, every column of the second a target.
    /// </summary>
    /// <param name="featuresPath">The features file, gzip-compressed when it ends in <c>.gz</c>.</param>
    /// <param name="targetsPath">The targets file, one row per row of the features file.</param>
    /// <param name="separator">The field separator of both files; a comma by default.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="FormatException">A line is malformed, or the files have different numbers of rows.</exception>
    /// <exception cref="InvalidDataException">A gzip file is truncated, damaged, or not gzip although named <c>.gz</c>.</exception>
    public static DataSet LoadRegression(string featuresPath, string targetsPath, char separator = ',')
    {
        CsvMatrix features = Read(featuresPath, reader => CsvRows.ReadMatrix(reader, separator, featuresPath, 0));
        CsvMatrix targets = Read(targetsPath, reader => CsvRows.ReadMatrix(reader, separator, targetsPath, 0));
        if (features.Rows != targets.Rows)
        {
            throw new FormatException(
                $"{featuresPath} has {features.Rows} rows but {targetsPath} has {targets.Rows}; the two files must list the same samples in the same order.");
        }
        return new DataSet(features.Values, features.Columns, targets.Values, targets.Columns);
    }

    /// <summary>
    /// Reads a CSV file in the format of scikit-learn's bundled data sets (<c>iris.csv</c>, <c>wine_data.csv</c>,
    /// <c>breast_cancer.csv</c>): a header line <c>n_samples,n_features,class names...</c>, then rows of
    /// <c>n_features</c> features and the label. The header's counts are checked against the rows.
    /// </summary>
    /// <param name="path">The file, gzip-compressed when it ends in <c>.gz</c>.</param>
    /// <param name="labelKind">What the label column holds; class labels by default.</param>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">The header or a row is malformed, or the counts disagree with the header.</exception>
    /// <exception cref="InvalidDataException">A gzip file is truncated, damaged, or not gzip although named <c>.gz</c>.</exception>
    public static DataSet LoadSklearnStyle(string path, LabelKind labelKind = LabelKind.Class) =>
        Read(path, reader =>
        {
            string[] header = (reader.ReadLine() ?? "").Split(',');
            if (header.Length < 2
                || !int.TryParse(header[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int samples)
                || !int.TryParse(header[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int features))
            {
                throw new FormatException(
                    $"{path}, line 1: '{string.Join(",", header)}' is not a scikit-learn header 'n_samples,n_features[,class names...]'; use CsvLoader.Load with CsvOptions for other layouts.");
            }
            string[] names = Array.ConvertAll(header[2..], name => name.Trim());
            var options = new CsvOptions
            {
                LabelKind = labelKind,
                ClassNames = labelKind == LabelKind.Class && names.Length > 0 ? names : null,
            };
            DataSet data = CsvRows.Read(reader, options, path, linesRead: 1);
            if (data.Count != samples || data.FeatureCount != features)
            {
                throw new FormatException(
                    $"{path}: the header promises {samples} rows of {features} features but the file holds {data.Count} rows of {data.FeatureCount}; the file may be truncated or edited, so restore it or fix the header.");
            }
            return data;
        });

    // Parses a whole file. A gzip file's trailer is checked when its data ends (CheckedGzipStream); a cut one usually
    // ends mid-row, so the parser fails first on the short last row, and the damaged file is the error to report.
    private static T Read<T>(string path, Func<TextReader, T> parse)
    {
        using Stream stream = DataFile.Open(path, "data", gzipByName: true);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try
        {
            T result = parse(reader);
            (stream as CheckedGzipStream)?.CheckToEnd();
            return result;
        }
        catch (FormatException) when (stream is CheckedGzipStream gzip)
        {
            gzip.CheckToEnd();
            throw;
        }
    }
}
