using Akka.Configuration;
using MediaActors.Pushing;

namespace MediaActors.Host;

/// <summary>The targets sessions are pushed to: the configuration's <c>mediaactors.pushes</c> and, for the served session, each `--push`.</summary>
public sealed record ConfiguredPushes(IReadOnlyList<(string SessionName, RtspPushSettings Settings)> All)
{
    /// <summary>The pushes of <paramref name="config"/> and <paramref name="options"/>, each of a session this host will have.</summary>
    /// <exception cref="ConfigurationException">A URL or value is unusable, or a push names a session that will not exist.</exception>
    public static ConfiguredPushes From(ServeOptions options, Config config, IEnumerable<string> sourceSessions)
    {
        var all = RtspPushSettings.AllFromConfig(config).ToList();
        all.AddRange(options.Pushes.Select(url => (options.Session, RtspPushSettings.Create(url, config))));
        var sessions = sourceSessions.Append(options.Session).ToHashSet(StringComparer.Ordinal);
        if (all.FirstOrDefault(push => !sessions.Contains(push.SessionName)) is { SessionName: { } unknown })
        {
            throw new ConfigurationException(
                $"mediaactors.pushes.{unknown}: there will be no session '{unknown}' to push (sessions: {string.Join(", ", sessions)}).");
        }

        return new ConfiguredPushes(all);
    }

    /// <summary>Starts every push on <paramref name="server"/> whose session exists there (or is a pulled source's).</summary>
    /// <param name="onlySession">Only the pushes of this session (a source started again).</param>
    public void StartOn(RtspServer server, string? onlySession = null)
    {
        foreach (var (sessionName, settings) in All.Where(push => onlySession is null || push.SessionName == onlySession))
        {
            try
            {
                server.PushSession(sessionName, settings);
            }
            catch (ArgumentException)
            {
                // Named twice (in the configuration and with --push): pushed once.
            }
            catch (RtspSessionNotFoundException)
            {
                // Another branch of the host creates it; it starts the push then.
            }
        }
    }
}
