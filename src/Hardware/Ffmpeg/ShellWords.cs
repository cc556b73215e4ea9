using System.Text;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>
/// Splits a command-line string into arguments the way a POSIX shell splits words, for the ffmpeg
/// input arguments given in one option (`--source 'ffmpeg:-f lavfi -i "testsrc2=size=640x360"'`).
/// </summary>
/// <remarks>
/// Whitespace separates words; single quotes keep everything up to the next single quote literally;
/// double quotes keep everything literally except that a backslash escapes <c>"</c> and <c>\</c>;
/// outside quotes a backslash escapes the next character. Quotes may join a word's parts
/// (<c>a'b c'd</c> is one word), and <c>''</c> is an empty word. Nothing else of a shell is
/// done: no variables, globbing or command substitution.
/// </remarks>
public static class ShellWords
{
    /// <exception cref="ArgumentException">A quote is not closed, or the string ends in a lone backslash.</exception>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw Unclosed(text, '\'', i);
                    }

                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = ReadDoubleQuoted(text, i, word);
                    break;
                case '\\':
                    if (i + 1 == text.Length)
                    {
                        throw new ArgumentException($"'{text}' ends in a lone backslash.", nameof(text));
                    }

                    word.Append(text[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Appends the double-quoted part starting at <paramref name="open"/>; returns the index of its closing quote.</summary>
    private static int ReadDoubleQuoted(string text, int open, StringBuilder word)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                c = text[++i];
            }

            word.Append(c);
        }

        throw Unclosed(text, '"', open);
    }

    private static ArgumentException Unclosed(string text, char quote, int at) =>
        new($"'{text}': the {quote} at character {at + 1} is never closed.", nameof(text));
}
