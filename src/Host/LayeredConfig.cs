using Akka.Configuration;

namespace MediaActors.Host;

/// <summary>
/// A command's configuration and the layers it is made of, the first winning: the command-line
/// options (<see cref="HoconOverrides"/>, each key with the option that set it), the --config file,
/// and the shipped defaults (hocon/*.conf, embedded). Akka's <see cref="Config"/> keeps no origins,
/// so <see cref="OriginOf"/> finds a value's by asking the layers in turn; <see cref="Reread"/>
/// reads the file again under the same options (what SIGHUP does).
/// </summary>
public sealed class LayeredConfig
{
    private readonly Config _overrides;
    private readonly IReadOnlyDictionary<string, string> _origins;
    private readonly Config? _file;

    private LayeredConfig(Config overrides, IReadOnlyDictionary<string, string> origins, FileInfo? file, Config? fileConfig, Config shipped)
    {
        _overrides = overrides;
        _origins = origins;
        File = file;
        _file = fileConfig;
        Shipped = shipped;
        var config = overrides;
        if (fileConfig is not null)
        {
            config = config.WithFallback(fileConfig);
        }

        Config = config.WithFallback(shipped);
    }

    /// <summary>The effective configuration: the options over the file over the shipped defaults.</summary>
    public Config Config { get; }

    /// <summary>The --config file, if one was given.</summary>
    public FileInfo? File { get; }

    /// <summary>The shipped defaults of the command (mediaactors.conf, or a cluster node's files over it).</summary>
    public Config Shipped { get; }

    /// <summary><paramref name="overrides"/> over <paramref name="file"/> (read now) over <paramref name="shipped"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ConfigurationException">The file is not HOCON.</exception>
    public static LayeredConfig Read(HoconOverrides overrides, FileInfo? file, Config shipped) =>
        new(overrides.ToConfig(), new Dictionary<string, string>(overrides.Origins, StringComparer.Ordinal), file, ReadFile(file), shipped);

    /// <summary>The same options and defaults over the file as it is now.</summary>
    /// <exception cref="FileNotFoundException">The file is gone.</exception>
    /// <exception cref="ConfigurationException">The file is no longer HOCON.</exception>
    public LayeredConfig Reread() => new(_overrides, _origins, File, ReadFile(File), Shipped);

    /// <summary>This configuration with <paramref name="key"/> set over everything, by <paramref name="origin"/>.</summary>
    public LayeredConfig With(string key, object value, string origin)
    {
        var overrides = new HoconOverrides().Set(key, value, origin);
        var origins = new Dictionary<string, string>(_origins, StringComparer.Ordinal) { [key] = origin };
        return new LayeredConfig(overrides.ToConfig().WithFallback(_overrides), origins, File, _file, Shipped);
    }

    /// <summary>
    /// Where the value at <paramref name="path"/> (its keys, unquoted) comes from: the option that
    /// set it ("--http-port"), "--config FILE", or null for the shipped default.
    /// </summary>
    public string? OriginOf(IReadOnlyList<string> path)
    {
        if (HoconTree.Find(_overrides, path) is not null)
        {
            // Every key set by an option was recorded; a longer path is a value inside a list or object it set.
            for (var length = path.Count; length > 0; length--)
            {
                if (_origins.TryGetValue(string.Join('.', path.Take(length)), out var origin))
                {
                    return origin;
                }
            }

            return "the command line";
        }

        return _file is not null && HoconTree.Find(_file, path) is not null ? $"--config {File!.FullName}" : null;
    }

    private static Config? ReadFile(FileInfo? file)
    {
        if (file is null)
        {
            return null;
        }

        file.Refresh();
        if (!file.Exists)
        {
            throw new FileNotFoundException($"--config file '{file.FullName}' does not exist.");
        }

        return ConfigurationFactory.ParseString(System.IO.File.ReadAllText(file.FullName));
    }
}
