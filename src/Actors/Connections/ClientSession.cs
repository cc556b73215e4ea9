using System.Net;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Delivery;
using MediaActors.Operations;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// One RTSP session of a client (RFC 2326 3.5): the stream it set up, its tracks and, while
/// playing, their RTP senders. It is what PAUSE stops and what ends with TEARDOWN or its stream:
/// a BYE on every track, and a log line of what the client reported about loss and jitter.
/// The <see cref="IActorContext"/> its methods take is that of the connection owning it: the
/// senders are the connection's children, and its parent, the listener, routes UDP RTCP.
/// </summary>
internal sealed class ClientSession(string streamPath, IActorRef mediaSession, IPEndPoint client, ReaderKind interleavedKind)
{
    private readonly Dictionary<int, TrackSetup> _tracks = new();

    /// <summary>64 random bits, so that a client cannot guess another's session.</summary>
    public string Id { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public string StreamPath { get; } = streamPath;

    /// <summary>What operators call it (not <see cref="Id"/>, which only its client may know).</summary>
    public string ReaderId { get; } = ReaderIds.New("rtsp");

    public DateTimeOffset Since { get; } = DateTimeOffset.UtcNow;

    /// <summary>The stream's session actor; the connection watches it, and its end ends this session.</summary>
    public IActorRef MediaSession { get; } = mediaSession;

    public IReadOnlyCollection<TrackSetup> Tracks => _tracks.Values;

    public bool IsPlaying(int trackId) => _tracks.TryGetValue(trackId, out var track) && track.Sender is not null;

    /// <summary>The value of the Session header of replies.</summary>
    public string Header(TimeSpan timeout) => new SessionHeader(Id, (int)timeout.TotalSeconds).ToString();

    /// <summary>Adds a track, or replaces one set up again; a UDP client's RTCP from now on reaches the connection.</summary>
    public void SetUp(TrackSetup track, IActorContext context)
    {
        if (_tracks.TryGetValue(track.TrackId, out var replaced))
        {
            replaced.Multicast?.Release();
        }

        _tracks[track.TrackId] = track;
        if (track.ClientRtcpPort is { } port)
        {
            context.Parent.Tell(new RtspListener.RegisterRtcpSource(new IPEndPoint(client.Address, port)));
        }
    }

    /// <summary>Starts an RTP sender, a child of the connection watched by it, for each track not playing; returns those tracks.</summary>
    public List<TrackSetup> StartSenders(IActorContext context, RtspServerSettings settings)
    {
        var starting = _tracks.Values.Where(track => track.Sender is null).ToList();
        foreach (var track in starting)
        {
            var sender = context.ActorOf(MediaDispatcher.On(track.SenderProps($"{client} session {Id}", settings), context.System));
            // A sender that stops unasked (it crashed) ends this session; the connection watches for that.
            context.Watch(sender);
            track.Play(sender);
        }

        return starting;
    }

    /// <summary>
    /// Notes where the new senders of a PLAY start. When one did not start (the stream sent no frame
    /// in time), the session does not play: its senders stop, and that track is returned.
    /// </summary>
    public TrackSetup? Started(IReadOnlyList<TrackStart> starts, IActorContext context)
    {
        if (starts.FirstOrDefault(start => start.Subscribed is null) is { Track: { } failed })
        {
            StopSenders(context);
            return failed;
        }

        foreach (var start in starts)
        {
            start.Track.Started(start.Subscribed!);
        }

        return null;
    }

    /// <summary>Where each track's stream started, for the RTP-Info of a PLAY reply.</summary>
    public IEnumerable<RtpInfoEntry> PlayStarts => _tracks.Values.Select(track => track.PlayStart!.Value);

    public TrackSetup? TrackOf(IActorRef sender) => _tracks.Values.FirstOrDefault(track => sender.Equals(track.Sender));

    public void Account(RtcpReportBlock block)
    {
        foreach (var track in _tracks.Values)
        {
            track.Account(block);
        }
    }

    /// <summary>
    /// The client as a reader of its stream, summed over its tracks; what it reported of its
    /// reception is the worst of its tracks' latest receiver reports.
    /// </summary>
    public ReaderStatus Status()
    {
        var tracks = _tracks.Values;
        var reports = tracks.Where(track => track.LastReceiverReport is not null)
            .Select(track => (Block: track.LastReceiverReport!.Value, track.ClockRate)).ToList();
        var reception = reports.Count == 0 ? null : new ReceptionReport(
            reports.Max(report => report.Block.FractionLost * 100.0 / 256),
            reports.Sum(report => (long)report.Block.CumulativeLost),
            reports.Max(report => report.Block.Jitter * 1000.0 / report.ClockRate));
        var group = tracks.Select(track => track.Multicast?.Group.Destination.Group).FirstOrDefault(address => address is not null);
        return new ReaderStatus(
            ReaderId,
            group is not null ? ReaderKind.Multicast : tracks.Any(track => track.IsInterleaved) ? interleavedKind : ReaderKind.RtspUdp,
            group is null ? client.ToString() : $"{client} in group {group}",
            Since,
            tracks.Sum(track => track.Counters.BytesSent),
            // Video frames, or audio ones for a client of audio only.
            tracks.OrderBy(track => track.TrackId).Select(track => track.Counters.FramesSent).FirstOrDefault(),
            tracks.Sum(track => track.Counters.FramesDropped),
            tracks.Select(track => track.RtpTransport.QueuedBytes).DefaultIfEmpty(0).Max(),
            reception);
    }

    public void StopSenders(IActorContext context)
    {
        foreach (var track in _tracks.Values)
        {
            track.StopSender(context);
        }
    }

    /// <summary>
    /// Ends the session: its senders stop, an RTCP BYE tells its player the stream is over, what
    /// the client reported about each track is logged, its UDP RTCP is no longer routed here, and
    /// its multicast groups are no longer held for it.
    /// </summary>
    public void End(string reason, IActorContext context, ILoggingAdapter log)
    {
        StopSenders(context);
        foreach (var track in _tracks.Values)
        {
            track.SayGoodbye(reason);
            if (track.LastReceiverReport is { } received)
            {
                log.Info("Client {0} session {1} track {2} reported {3:0.#}% recent loss, {4} packets lost in all, jitter {5} ticks",
                    client, Id, track.TrackId, received.FractionLost * 100.0 / 256, received.CumulativeLost, received.Jitter);
            }

            if (track.ClientRtcpPort is { } port)
            {
                context.Parent.Tell(new RtspListener.UnregisterRtcpSource(new IPEndPoint(client.Address, port)));
            }

            track.Multicast?.Release();
        }
    }
}
