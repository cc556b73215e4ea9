using Akka.Actor;
using Akka.Configuration;
using MediaActors.Sessions;
using MediaActors.Sources;

namespace MediaActors.Host;

/// <summary>
/// What the control API may change of a node's sessions at run time: sessions pulled from a
/// camera, and ending any session. On serve and board nodes it is their <see cref="RtspServer"/>;
/// a relay's sessions are its boards' and has none.
/// </summary>
/// <param name="ownSessions">Sessions this node's own camera or microphone feeds: ended only with the node.</param>
public sealed class SessionControl(RtspServer server, Config config, IReadOnlySet<string> ownSessions)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Pulls <paramref name="url"/> into a new session <paramref name="name"/>, with the
    /// configuration's source defaults; it appears once the camera described its stream.
    /// </summary>
    /// <exception cref="ArgumentException">The name or URL is unusable, or the name is taken.</exception>
    public void CreatePullSession(string name, string url) => server.PullRtspSource(RtspSourceSettings.Create(name, url, config));

    /// <summary>The sessions pulled from cameras, each with its source's state (those not yet reached included).</summary>
    public IReadOnlyList<RtspSource.Stats> PullSources() =>
        server.PulledSessionNames.Select(TryGetSourceStats).OfType<RtspSource.Stats>().ToList();

    /// <summary>True when the node's own camera feeds <paramref name="name"/>: its loop would fail without the session.</summary>
    public bool IsOwnSession(string name) => ownSessions.Contains(name);

    /// <summary>
    /// Ends the session <paramref name="name"/> (its clients get a BYE), whatever feeds it but the
    /// node's own camera (<see cref="IsOwnSession"/>); false when there is none.
    /// </summary>
    public async Task<bool> DestroySessionAsync(string name)
    {
        if (IsOwnSession(name))
        {
            throw new InvalidOperationException($"session '{name}' is fed by this node's camera: it ends when the node stops");
        }

        try
        {
            await Task.Run(() => server.DestroySession(name));
            return true;
        }
        catch (RtspSessionNotFoundException)
        {
            // Not the API's nor a pulled camera's: a publisher's session is the registry's alone.
            var destroyed = await server.Web.Registry.Ask<SessionRegistry.SessionDestroyed>(new SessionRegistry.DestroySession(name), AskTimeout);
            return destroyed.Existed;
        }
    }

    private RtspSource.Stats? TryGetSourceStats(string name)
    {
        try
        {
            return server.GetSourceStats(name);
        }
        catch (RtspSessionNotFoundException)
        {
            // Destroyed meanwhile.
            return null;
        }
    }
}
