using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace MediaActors.Host;

/// <summary>Settings given on the command line, as HOCON that takes precedence over the files.</summary>
public sealed class HoconOverrides
{
    private readonly StringBuilder _hocon = new();

    /// <summary>Sets <paramref name="key"/> unless <paramref name="value"/> is null (the option was not given).</summary>
    public HoconOverrides Set(string key, object? value)
    {
        if (value is not null)
        {
            _hocon.AppendLine(CultureInfo.InvariantCulture, $"{key} = {Quote(value)}");
        }

        return this;
    }

    /// <summary>Sets <paramref name="key"/> to a list of strings.</summary>
    public HoconOverrides SetList(string key, IEnumerable<string> values)
    {
        _hocon.AppendLine(CultureInfo.InvariantCulture, $"{key} = [{string.Join(", ", values.Select(Quote))}]");
        return this;
    }

    public Config ToConfig() => ConfigurationFactory.ParseString(_hocon.ToString());

    private static string Quote(object value) =>
        value is string text ? "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
