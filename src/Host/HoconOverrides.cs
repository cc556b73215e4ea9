using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace MediaActors.Host;

/// <summary>
/// Settings given on the command line, as HOCON that takes precedence over the files; each key
/// remembers the option that set it (<see cref="Origins"/>), for `config show`.
/// </summary>
public sealed class HoconOverrides
{
    private readonly StringBuilder _hocon = new();
    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    /// <summary>Where each key set here came from ("--http-port"), by its dotted path.</summary>
    public IReadOnlyDictionary<string, string> Origins => _origins;

    /// <summary>Sets <paramref name="key"/> unless <paramref name="value"/> is null (the option was not given).</summary>
    /// <param name="origin">What set it: the option ("--http-port"), or what else did.</param>
    public HoconOverrides Set(string key, object? value, string origin)
    {
        if (value is not null)
        {
            _hocon.AppendLine(CultureInfo.InvariantCulture, $"{key} = {Quote(value)}");
            _origins[key] = origin;
        }

        return this;
    }

    /// <summary>Sets <paramref name="key"/> to a list of strings.</summary>
    public HoconOverrides SetList(string key, IEnumerable<string> values, string origin)
    {
        _hocon.AppendLine(CultureInfo.InvariantCulture, $"{key} = [{string.Join(", ", values.Select(Quote))}]");
        _origins[key] = origin;
        return this;
    }

    public Config ToConfig() => ConfigurationFactory.ParseString(_hocon.ToString());

    private static string Quote(object value) =>
        value is string text ? "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
