using System.Globalization;

namespace NetGen.Generator.Model;

/// <summary>Culture-proof literals: invariant culture, round-trip format.</summary>
internal static class Literals
{
    /// <summary>
    /// The one way a float reaches generated code: the shortest text that parses back to the same float, with a
    /// suffix. The planner refuses every value that is not a finite float (<see cref="IsFiniteFloat"/>) at the
    /// attribute that declared it, so the named constants below are never reached from a valid declaration; they
    /// keep the output compilable whatever the caller passes.
    /// </summary>
    public static string Float(double value)
    {
        float f = (float)value;
        if (float.IsNaN(f))
        {
            return "float.NaN";
        }
        if (float.IsInfinity(f))
        {
            return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }
        // "R" is the shortest round-trip form on .NET Core 3.0 and later; older runtimes hosting the compiler (Visual
        // Studio's .NET Framework) may print one that does not round-trip, so check and fall back to nine digits.
        string text = f.ToString("R", CultureInfo.InvariantCulture);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float back) || back != f)
        {
            text = f.ToString("G9", CultureInfo.InvariantCulture);
        }
        return (text.Contains(".") || text.Contains("E") ? text : text + ".0") + "f";
    }

    /// <summary>Whether a double is finite once narrowed to float (1e39 is a finite double but an infinite float).</summary>
    public static bool IsFiniteFloat(double value)
    {
        float f = (float)value;
        return !float.IsNaN(f) && !float.IsInfinity(f);
    }

    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer with thousands separators, for the comments of generated code.</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
