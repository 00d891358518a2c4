using System.Globalization;

namespace NetGen.Generator.Model;

/// <summary>Culture-proof literals: invariant culture, round-trip format.</summary>
internal static class Literals
{
    public static string Float(double value)
    {
        string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        return (text.Contains(".") || text.Contains("E") ? text : text + ".0") + "f";
    }

    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer with thousands separators, for the comments of generated code.</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
