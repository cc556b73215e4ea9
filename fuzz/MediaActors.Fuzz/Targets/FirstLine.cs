using System.Text;

namespace MediaActors.Fuzz.Targets;

/// <summary>A text input whose first line says something about the rest (a request URI, a path and query) and whose rest is the text parsed.</summary>
internal static class FirstLine
{
    /// <summary>The input as UTF-8 text split at its first newline; Remainder is null when there is none.</summary>
    public static (string First, string? Remainder) Split(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        var newline = text.IndexOf('\n');
        return newline < 0 ? (text, null) : (text[..newline], text[(newline + 1)..]);
    }
}
