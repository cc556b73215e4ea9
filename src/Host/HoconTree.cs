using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace MediaActors.Host;

/// <summary>Walking a parsed <see cref="Config"/> key by key, and writing its values back as HOCON text.</summary>
public static partial class HoconTree
{
    /// <summary>The value at <paramref name="path"/> (keys, unquoted), or null when the configuration has none there.</summary>
    public static HoconValue? Find(Config config, IReadOnlyList<string> path)
    {
        var value = config.Root;
        foreach (var key in path)
        {
            if (value is null || !value.IsObject() || !value.GetObject().Items.TryGetValue(key, out value))
            {
                return null;
            }
        }

        return value;
    }

    /// <summary>The fields of an object value, in the order the configuration has them.</summary>
    public static IEnumerable<KeyValuePair<string, HoconValue>> Fields(HoconValue value) =>
        value.IsObject() ? value.GetObject().Items : [];

    /// <summary>Every value that is not an object (a string, number, duration, list), with its path.</summary>
    public static IEnumerable<(IReadOnlyList<string> Path, HoconValue Value)> Leaves(Config config) => Leaves([], config.Root);

    private static IEnumerable<(IReadOnlyList<string> Path, HoconValue Value)> Leaves(IReadOnlyList<string> path, HoconValue value)
    {
        if (!value.IsObject())
        {
            yield return (path, value);
            yield break;
        }

        foreach (var (key, child) in Fields(value))
        {
            foreach (var leaf in Leaves([.. path, key], child))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>The path as HOCON writes it: keys joined by dots, quoted where they need it (<c>mediaactors.sources."yard/door"</c>).</summary>
    public static string PathText(IEnumerable<string> path) => string.Join('.', path.Select(KeyText));

    /// <summary>A key as HOCON text: bare when it is letters, digits, '-' and '_', else quoted.</summary>
    public static string KeyText(string key) => BareKey().IsMatch(key) ? key : Quote(key);

    /// <summary>Whether the value is a list (Akka's parser does not say so of an empty one).</summary>
    public static bool IsList(HoconValue value) => value.IsArray() || value.Values.Any(element => element is HoconArray);

    /// <summary>
    /// A value that is not an object as HOCON text that parses back to the same string: bare
    /// (<c>on</c>, <c>10s</c>, <c>0.0.0.0</c>) where HOCON allows it, else quoted; a list as <c>[a, b]</c>.
    /// </summary>
    public static string ValueText(HoconValue value)
    {
        if (IsList(value))
        {
            return "[" + string.Join(", ", value.GetArray().Select(element => element.IsObject() ? ObjectText(element) : ValueText(element))) + "]";
        }

        var text = value.GetString();
        return text is null ? "null" : BareValue().IsMatch(text) && text != "null" ? text : Quote(text);
    }

    /// <summary>A string in double quotes, with HOCON's (JSON's) escapes.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>An object inside a list, a field a line (HOCON needs no commas between them).</summary>
    private static string ObjectText(HoconValue value) =>
        "{\n" + string.Concat(Fields(value).Select(field =>
            $"{KeyText(field.Key)} {(field.Value.IsObject() ? ObjectText(field.Value) : "= " + ValueText(field.Value))}\n")) + "}";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex BareKey();

    /// <summary>What HOCON reads back unchanged without quotes: no spaces, ':', '=', '/', '$' or the other specials.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")]
    private static partial Regex BareValue();
}
