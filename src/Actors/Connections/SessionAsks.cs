using System.Net;
using Akka.Actor;
using MediaActors.Multicast;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// What a connection asks a stream's session, each ask bounded in time and answered with a value,
/// never an exception: a request waiting for it gets its reply from whatever comes back. An ask for
/// a request that will not be answered (its session ended, the connection closes) is cancelled.
/// The tracks an ask is about are read before it returns, on the connection's thread.
/// </summary>
internal static class SessionAsks
{
    /// <summary>
    /// How long PLAY waits for a track's first frame, whose sequence number and time its RTP-Info
    /// names: for video the next keyframe, at most one GOP, and cameras' GOPs stay well under this.
    /// </summary>
    public static readonly TimeSpan FirstFrameWait = TimeSpan.FromSeconds(20);

    /// <summary>How long a session may take to answer beyond what it is asked to wait for.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Asks the session serving a stream path, through the registry, for its tracks: answered with
    /// <see cref="MediaSession.Described"/>, <see cref="MediaSession.Unavailable"/> (also when no answer
    /// comes in time) or <see cref="SessionRegistry.SessionNotFound"/>. With <paramref name="waitForParameterSets"/>
    /// the session waits that long for the encoder's parameter sets (DESCRIBE); SETUP only needs the tracks.
    /// </summary>
    public static async Task<object> Describe(IActorRef registry, string streamPath, TimeSpan? waitForParameterSets, CancellationToken cancel)
    {
        var timeout = AnswerTimeout + (waitForParameterSets ?? TimeSpan.Zero);
        try
        {
            var describe = new MediaSession.Describe(WaitForParameterSets: waitForParameterSets is not null);
            return await registry.Ask(new SessionRegistry.ForwardToSession(streamPath, describe), timeout, cancel);
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException)
        {
            return new MediaSession.Unavailable($"stream '{streamPath}' did not answer within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// For a SETUP that offers multicast: the stream's tracks, as <see cref="Describe"/>, and the
    /// group of the track it names, <see cref="MulticastGroups.Reserved"/> or <see cref="MulticastGroups.Refused"/>
    /// (null when the stream or track is not there). A reservation whose SETUP is abandoned meanwhile
    /// is held until the connection stops.
    /// </summary>
    public static async Task<(object Description, object? Group)> DescribeAndReserve(
        IActorRef registry, IActorRef groups, SetupRequest setup, IActorRef connection, IPAddress client, CancellationToken cancel)
    {
        var description = await Describe(registry, setup.Path.StreamPath, waitForParameterSets: null, cancel);
        if (description is not MediaSession.Described described || setup.TrackOf(described) is not { } track)
        {
            return (description, null);
        }

        try
        {
            var reserve = new MulticastGroups.Reserve(described.Session, setup.Path.StreamPath, track.TrackId, connection, client);
            return (description, await groups.Ask<object>(reserve, AnswerTimeout, cancel));
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException)
        {
            return (description, new MulticastGroups.Refused($"the multicast groups did not answer within {AnswerTimeout.TotalSeconds:0} s"));
        }
    }

    /// <summary>Subscribes the new senders of tracks to their stream, all at once; <paramref name="reports"/> gets their sender reports.</summary>
    public static Task<TrackStart[]> Subscribe(IActorRef mediaSession, IEnumerable<TrackSetup> tracks, IActorRef reports, CancellationToken cancel) =>
        Task.WhenAll(tracks.Select(track => Subscribe(mediaSession, track, reports, cancel)));

    /// <summary>No start when the stream sent no frame in time or has no such track.</summary>
    private static async Task<TrackStart> Subscribe(IActorRef mediaSession, TrackSetup track, IActorRef reports, CancellationToken cancel)
    {
        // A track that played before (PLAY after PAUSE) has had the cached frames' sequence numbers.
        var catchUpLimit = track.PlayStart is null ? track.RtpTransport.BurstLimitBytes : 0;
        try
        {
            // A multicast track joins its group, whose one sender is the session's subscriber.
            var subscribed = track.Multicast is { } multicast
                ? await multicast.Groups.Ask<MediaSession.Subscribed>(new MulticastGroups.Play(multicast.Group.Reservation, track.Sender!), FirstFrameWait, cancel)
                : await mediaSession.Ask<MediaSession.Subscribed>(new MediaSession.Subscribe(track.Sender!, track.TrackId, reports, catchUpLimit), FirstFrameWait, cancel);
            return new TrackStart(track, subscribed);
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException or ArgumentException)
        {
            return new TrackStart(track, null);
        }
    }
}
