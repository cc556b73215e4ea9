using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration.Hocon;

namespace MediaActors.Host;

/// <summary>
/// The effective configuration of a command as HOCON text (what `mediaactors config show` prints):
/// every section it has, one value a line, and after each value that is not a shipped default a
/// comment naming where it came from (<c># from --http-port</c>, <c># from --config /etc/mediaactors.conf</c>).
/// Passwords, and the password in a URL, are shown as <c>***</c>.
/// </summary>
public static partial class ConfigText
{
    private const string Indent = "  ";
    private const string Hidden = "***";

    /// <summary>The configuration of <paramref name="layered"/>, after the comment lines of <paramref name="header"/>.</summary>
    public static string Render(LayeredConfig layered, IEnumerable<string> header)
    {
        var text = new StringBuilder();
        foreach (var line in header)
        {
            text.Append("# ").AppendLine(line);
        }

        foreach (var (key, value) in HoconTree.Fields(layered.Config.Root))
        {
            Write(text, layered, [key], value, depth: 0);
        }

        return text.ToString();
    }

    private static void Write(StringBuilder text, LayeredConfig layered, IReadOnlyList<string> path, HoconValue value, int depth)
    {
        var indent = string.Concat(Enumerable.Repeat(Indent, depth));
        var key = HoconTree.KeyText(path[^1]);
        if (value.IsObject())
        {
            var fields = HoconTree.Fields(value).ToList();
            if (fields.Count == 0)
            {
                text.AppendLine($"{indent}{key} {{}}");
                return;
            }

            text.AppendLine($"{indent}{key} {{");
            foreach (var (child, childValue) in fields)
            {
                Write(text, layered, [.. path, child], childValue, depth + 1);
            }

            text.AppendLine($"{indent}}}");
            return;
        }

        text.Append($"{indent}{key} = {Shown(path[^1], value)}");
        if (layered.OriginOf(path) is { } origin)
        {
            text.Append($"  # from {origin}");
        }

        text.AppendLine();
    }

    /// <summary>The value, with a password (or a URL's) replaced by <see cref="Hidden"/>.</summary>
    private static string Shown(string key, HoconValue value)
    {
        if (HoconTree.IsList(value))
        {
            return HoconTree.ValueText(value);
        }

        var text = value.GetString();
        if (key.Equals("password", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(text))
        {
            return HoconTree.Quote(Hidden);
        }

        return text is not null && UrlPassword().IsMatch(text)
            ? HoconTree.Quote(UrlPassword().Replace(text, "${before}" + Hidden + "@"))
            : HoconTree.ValueText(value);
    }

    /// <summary>The password of a URL's userinfo (scheme://user:password@host).</summary>
    [GeneratedRegex("^(?<before>[A-Za-z][A-Za-z0-9+.-]*://[^/@:]*:)[^/@]*@")]
    private static partial Regex UrlPassword();
}
