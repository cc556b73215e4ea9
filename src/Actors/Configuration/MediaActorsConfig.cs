using Akka.Configuration;

namespace MediaActors.Configuration;

/// <summary>
/// The HOCON defaults shipped in hocon/mediaactors.conf, embedded in this assembly so that a
/// library user gets working settings without any file on disk.
/// </summary>
public static class MediaActorsConfig
{
    private static readonly Lazy<Config> DefaultConfig = new(LoadDefault);

    /// <summary>The shipped defaults (the <c>mediaactors</c> and <c>akka</c> sections).</summary>
    public static Config Default => DefaultConfig.Value;

    /// <summary><paramref name="config"/>, falling back to the shipped defaults for every key it lacks.</summary>
    public static Config WithDefaults(Config config) =>
        ReferenceEquals(config, Default) ? config : config.WithFallback(Default);

    private static Config LoadDefault()
    {
        using var stream = typeof(MediaActorsConfig).Assembly.GetManifestResourceStream("MediaActors.mediaactors.conf")
            ?? throw new InvalidOperationException("The embedded resource MediaActors.mediaactors.conf is missing from the build.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
