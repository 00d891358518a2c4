using System.Globalization;
using System.Text;

namespace NetGen.Generator.Model;

/// <summary>
/// The one place that names the files the generator adds (a network's code, its GPU class, the layer-method bodies of a
/// network with errors). Roslyn requires hint names unique within the generator, ignoring case, and made of identifier
/// characters and a few punctuation marks; a name that breaks either rule makes the generator fail and every network
/// in the project lose its code (CS8785). So a hint name is the type's full name reduced to ASCII letters, digits,
/// '_' and '.', for people to read, then a hash of its exact metadata name, which tells apart <c>N.Net</c> and
/// <c>N.NET</c>, <c>Models.@event.Net</c>, two file-local <c>Net</c>s, or <c>N.Net</c>'s GPU file and a network
/// <c>Gpu</c> in namespace <c>N.Net</c> (the hash sits before the suffix, and is hexadecimal, so no suffix can
/// complete another name). Two names collide only if their 32-bit hashes do.
/// </summary>
internal static class HintNames
{
    /// <summary><c>Samples.Digits.DigitsMlp.77ff8057.g.cs</c>; <paramref name="suffix"/> (<c>.Gpu</c>) before <c>.g.cs</c>.</summary>
    public static string Of(string fullName, string metadataName, string suffix)
    {
        var text = new StringBuilder(fullName.Length + 24);
        foreach (char c in fullName)
        {
            text.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' ? c : '_');
        }
        return text.Append('.').Append(Hash(metadataName)).Append(suffix).Append(".g.cs").ToString();
    }

    // FNV-1a, 32-bit, over the UTF-16 code units: stable across runs and machines, unlike string.GetHashCode.
    private static string Hash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }
        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
