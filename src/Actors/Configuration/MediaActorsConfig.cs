using Akka.Configuration;

namespace MediaActors.Configuration;

/// <summary>
/// The HOCON shipped in hocon/*.conf, embedded in this assembly so that a library user gets
/// working settings without any file on disk: the defaults (mediaactors.conf), the settings of
/// a cluster node (cluster.conf over the defaults) and of its two roles (board.conf, relay.conf).
/// </summary>
public static class MediaActorsConfig
{
    private static readonly Lazy<Config> DefaultConfig = new(() => Load("MediaActors.mediaactors.conf"));
    private static readonly Lazy<Config> ClusterConfig = new(() => Load("MediaActors.cluster.conf").WithFallback(Default));
    private static readonly Lazy<Config> BoardConfig = new(() => Load("MediaActors.board.conf").WithFallback(Cluster));
    private static readonly Lazy<Config> RelayConfig = new(() => Load("MediaActors.relay.conf").WithFallback(Cluster));

    /// <summary>The shipped defaults (the <c>mediaactors</c> and <c>akka</c> sections).</summary>
    public static Config Default => DefaultConfig.Value;

    /// <summary>
    /// The shipped settings of a node in a cluster of boards and relays: the cluster provider, the
    /// binary serializers of the frame flow and the board catalog, a remote frame size that lets a 2 MiB frame pass;
    /// over <see cref="Default"/>.
    /// </summary>
    public static Config Cluster => ClusterConfig.Value;

    /// <summary>The shipped settings of a board node (board.conf over <see cref="Cluster"/>).</summary>
    public static Config Board => BoardConfig.Value;

    /// <summary>The shipped settings of a relay node (relay.conf over <see cref="Cluster"/>).</summary>
    public static Config Relay => RelayConfig.Value;

    /// <summary><paramref name="config"/>, falling back to the shipped defaults for every key it lacks.</summary>
    public static Config WithDefaults(Config config) =>
        ReferenceEquals(config, Default) ? config : config.WithFallback(Default);

    /// <summary><paramref name="config"/>, falling back to the shipped cluster settings and defaults for every key it lacks.</summary>
    public static Config WithClusterDefaults(Config config) =>
        ReferenceEquals(config, Cluster) ? config : config.WithFallback(Cluster);

    /// <summary><paramref name="config"/>, falling back to the shipped board settings.</summary>
    public static Config WithBoardDefaults(Config config) =>
        ReferenceEquals(config, Board) ? config : config.WithFallback(Board);

    /// <summary><paramref name="config"/>, falling back to the shipped relay settings.</summary>
    public static Config WithRelayDefaults(Config config) =>
        ReferenceEquals(config, Relay) ? config : config.WithFallback(Relay);

    private static Config Load(string resource)
    {
        using var stream = typeof(MediaActorsConfig).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
