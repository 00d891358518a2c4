namespace NetGen.Data;

/// <summary>The numbers of a CSV file's data rows, row-major, and the line of its first row (for messages).</summary>
internal sealed record CsvMatrix(float[] Values, int Rows, int Columns, int FirstLine);
