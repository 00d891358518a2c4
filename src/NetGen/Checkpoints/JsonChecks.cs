using System;
using System.Collections.Generic;
using System.Text.Json;

namespace NetGen.Checkpoints;

/// <summary>
/// JsonElement.TryGetProperty takes one of two properties of the same name without a word, and the reference
/// safetensors reader (serde) rejects such files: every JSON object a checkpoint reads is checked here first.
/// </summary>
internal static class JsonChecks
{
    /// <summary>The first property name that <paramref name="obj"/> (a JSON object) holds twice, or null.</summary>
    public static string? FirstDuplicate(JsonElement obj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return property.Name;
            }
        }
        return null;
    }
}
