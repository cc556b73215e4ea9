using System.Net;
using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Delivery;
using MediaActors.Operations;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Multicast;

/// <summary>
/// The server's multicast groups: one per session with multicast readers, its address the lowest
/// free one of the range and its ports those that go with the address. Each track of a group has
/// one <see cref="RtpSenderActor"/> (a reader of the session like any client's, under the same
/// credit) that sends every packet once to the group, started by the first reader's PLAY and
/// stopped <c>linger</c> after the last one left; readers come and go without touching it. Sender
/// reports go to the group's RTCP port once per track; receiver reports arriving there keep the
/// sessions of the readers at their source address alive (MulticastGroupsActor.Rtcp.cs).
/// Connections reserve a group at SETUP and play it at PLAY (<see cref="MulticastGroups"/>).
/// </summary>
public sealed partial class MulticastGroupsActor : ReceiveActor, IWithTimers
{
    private readonly RtspServerSettings _settings;
    private readonly MulticastSettings _multicast;
    private readonly IPAddress _interface;
    private readonly UdpSocketPair _sockets;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, MulticastGroup> _groups = new();
    private long _reservations;

    /// <param name="interfaceAddress">The RTSP bind address: groups are joined on its interface.</param>
    /// <param name="sockets">Sends to the groups (<see cref="UdpSocketPair.ForMulticast"/>); the actor disposes of it.</param>
    public MulticastGroupsActor(RtspServerSettings settings, IPAddress interfaceAddress, UdpSocketPair sockets)
    {
        (_settings, _multicast, _interface, _sockets) = (settings, settings.Multicast, interfaceAddress, sockets);
        Receive<MulticastGroups.Reserve>(Reserve);
        Receive<MulticastGroups.Release>(release => Release(release.Reservation));
        Receive<MulticastGroups.Play>(Play);
        Receive<SenderStarted>(OnSenderStarted);
        Receive<SenderFailed>(OnSenderFailed);
        Receive<MediaSession.SenderReport>(OnSenderReport);
        Receive<RtpSender.Stalled>(stalled => Restart(Sender, $"its socket took nothing for {stalled.For.TotalSeconds:0.#} s"));
        Receive<LastReaderGone>(OnLastReaderGone);
        Receive<RtcpArrived>(OnRtcp);
        Receive<RtcpFailed>(failed => ReceiveRtcpNext(failed.Group, failed.Track, failed.Socket));
        Receive<Terminated>(OnTerminated);
        // Connections describe their multicast readers themselves; the session names this actor,
        // the owner of its group senders, so it names them.
        Receive<Readers.Describe>(describe => Sender.Tell(new Readers.Described([],
            _groups.TryGetValue(describe.Session, out var group) ? group.Reservations.Values.Select(r => r.Connection).Distinct().ToList() : [])));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RtspServerSettings settings, IPAddress interfaceAddress, UdpSocketPair sockets) =>
        Akka.Actor.Props.Create(() => new MulticastGroupsActor(settings, interfaceAddress, sockets));

    // A group sender that crashes is started again for its readers (see OnTerminated).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(Directive.Stop));

    protected override void PostStop()
    {
        foreach (var track in _groups.Values.SelectMany(group => group.Tracks.Values))
        {
            track.SayGoodbye("server stopping");
            track.RtcpIn?.Dispose();
        }

        _sockets.Dispose();
    }

    private void Reserve(MulticastGroups.Reserve reserve)
    {
        if (!_groups.TryGetValue(reserve.MediaSession, out var group))
        {
            var inUse = _groups.Values.Select(g => g.Address).ToHashSet();
            if (_multicast.Range.LowestFree(inUse, _multicast.MaxGroups) is not { } address)
            {
                var reason = $"every group of the multicast range {_multicast.Range} ({_multicast.MaxGroups}, as many as it and the ports " +
                             $"from port-base {_multicast.PortBase} allow) is in use by another session";
                _log.Warning("Multicast SETUP of '{0}' from {1} refused: {2}", reserve.StreamPath, reserve.Client, reason);
                Sender.Tell(new MulticastGroups.Refused(reason));
                return;
            }

            group = new MulticastGroup(address, reserve.MediaSession, reserve.StreamPath);
            _groups.Add(reserve.MediaSession, group);
            Context.Watch(reserve.MediaSession);
            _log.Info("Session '{0}' has multicast group {1}", group.StreamPath, address);
        }

        if (!group.Tracks.TryGetValue(reserve.TrackId, out var track))
        {
            var ports = _multicast.Ports(_multicast.Range.IndexOf(group.Address), reserve.TrackId);
            var destination = new MulticastDestination(group.Address, ports, _multicast.Ttl);
            track = new GroupTrack(reserve.TrackId, destination, new UdpRtpTransport(_sockets, group.Address, destination.Ports));
            group.Tracks.Add(reserve.TrackId, track);
        }

        var id = ++_reservations;
        group.Reservations.Add(id, new Reservation(reserve.Connection, reserve.TrackId, reserve.Client));
        Context.Watch(reserve.Connection);
        if (track.Sender is not null && track.Members.Count == 0)
        {
            // Nobody plays the lingering stream, and a player joining it mid-picture-group has no
            // reference pictures until the next keyframe (GStreamer's decoder reports each slice as
            // an error). Stopped now, it starts again at this reader's PLAY from the GOP cache's
            // keyframe, as a unicast reader's stream starts.
            Timers.Cancel(LingerKey(track));
            StopSender(group, track, "a new reader set it up, for whom it starts again at a keyframe");
        }

        Sender.Tell(new MulticastGroups.Reserved(id, track.Destination, track.Transport, track.Counters));
    }

    private void Release(long reservation)
    {
        if (_groups.Values.FirstOrDefault(group => group.Reservations.Remove(reservation)) is { } group)
        {
            ForgetIfIdle(group);
        }
    }

    private void Play(MulticastGroups.Play play)
    {
        var group = _groups.Values.FirstOrDefault(g => g.Reservations.ContainsKey(play.Reservation));
        if (group is null)
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"no multicast reservation {play.Reservation}")));
            return;
        }

        var track = group.Tracks[group.Reservations[play.Reservation].TrackId];
        track.Members.Add(play.Member);
        Context.Watch(play.Member);
        Timers.Cancel(LingerKey(track));
        if (track.Sender is null)
        {
            StartSender(group, track);
        }

        if (track.Start is null)
        {
            track.Waiting.Add(Sender);
        }
        else
        {
            Sender.Tell(track.Now());
        }
    }

    /// <summary>The group's sender joins the session's fan-out; its first frame may come from the GOP cache, as for a unicast client.</summary>
    private void StartSender(MulticastGroup group, GroupTrack track)
    {
        var sender = Context.ActorOf(MediaDispatcher.On(
            RtpSenderActor.Props($"multicast {track.Destination.Group} of '{group.StreamPath}'", track.Transport,
                _settings.ClientStallTimeout, _settings.FramesPerAcknowledgement, track.Counters),
            Context.System));
        Context.Watch(sender);
        track.Sender = sender;
        track.Start = null;
        JoinRtcp(group, track);
        var subscribe = new MediaSession.Subscribe(sender, track.TrackId, Self, track.Transport.BurstLimitBytes);
        group.MediaSession.Ask<MediaSession.Subscribed>(subscribe, SessionAsks.FirstFrameWait).PipeTo(Self,
            success: subscribed => new SenderStarted(sender, subscribed),
            failure: error => new SenderFailed(sender, error));
        _log.Info("Multicast {0}:{1} of '{2}' starts", track.Destination.Group, track.Destination.Ports.Rtp, group.StreamPath);
    }

    /// <summary>The group's stream starts: its first sender report, then its media; the PLAYs waiting learn where it starts.</summary>
    private void OnSenderStarted(SenderStarted started)
    {
        if (FindSender(started.Sender) is not var (_, track))
        {
            return;
        }

        track.Start = started.Subscribed;
        if (started.Subscribed.FirstReport is { } report)
        {
            OnSenderReport(report);
        }

        started.Sender.Tell(RtpSender.Activate.Instance);
        foreach (var waiting in track.Waiting)
        {
            waiting.Tell(track.Now());
        }

        track.Waiting.Clear();
    }

    private void OnSenderFailed(SenderFailed failed)
    {
        if (FindSender(failed.Sender) is not var (group, track))
        {
            return;
        }

        // The PLAYs fail (503) and stop their members, which leaves the track without readers.
        foreach (var waiting in track.Waiting)
        {
            waiting.Tell(new Status.Failure(failed.Error));
        }

        track.Waiting.Clear();
        StopSender(group, track, "it did not start");
    }

    private void OnSenderReport(MediaSession.SenderReport report)
    {
        if (FindSender(report.Subscriber) is var (_, track))
        {
            track.LastReport = report;
            track.Transport.TrySendRtcp(RtcpCompound.SenderReport(report.Report, report.Cname));
        }
    }

    /// <summary>A member stopped (PAUSE, TEARDOWN, its connection's end): the others read on; the last one starts the linger.</summary>
    private void MemberLeft(IActorRef member)
    {
        foreach (var group in _groups.Values)
        {
            foreach (var track in group.Tracks.Values)
            {
                if (track.Members.Remove(member) && track.Members.Count == 0)
                {
                    Timers.StartSingleTimer(LingerKey(track), new LastReaderGone(group, track), _multicast.Linger);
                }
            }
        }
    }

    private void OnLastReaderGone(LastReaderGone gone)
    {
        if (gone.Track.Members.Count == 0 && gone.Track.Sender is not null)
        {
            StopSender(gone.Group, gone.Track, "its last reader left");
        }
    }

    private void StopSender(MulticastGroup group, GroupTrack track, string reason)
    {
        _log.Info("Multicast {0}:{1} of '{2}' stops: {3}", track.Destination.Group, track.Destination.Ports.Rtp, group.StreamPath, reason);
        track.SayGoodbye(reason);
        if (track.Sender is { } sender)
        {
            Context.Unwatch(sender);
            Context.Stop(sender);
        }

        track.Sender = null;
        track.Start = null;
        track.RtcpIn?.Dispose();
        track.RtcpIn = null;
        ForgetIfIdle(group);
    }

    /// <summary>A group sender that stalled or crashed is replaced, so its readers get the stream again from the next keyframe.</summary>
    private void Restart(IActorRef sender, string reason)
    {
        if (FindSender(sender) is not var (group, track))
        {
            return;
        }

        _log.Warning("Multicast {0}:{1} of '{2}' restarts its sender: {3}", track.Destination.Group, track.Destination.Ports.Rtp, group.StreamPath, reason);
        StopSender(group, track, "restarting");
        if (track.Members.Count > 0)
        {
            StartSender(group, track);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        var actor = terminated.ActorRef;
        if (_groups.Remove(actor, out var ended))
        {
            // The session is gone; its readers' connections end their client sessions themselves.
            ended.Reservations.Clear();
            foreach (var track in ended.Tracks.Values.Where(track => track.Sender is not null))
            {
                StopSender(ended, track, "its session ended");
            }

            _log.Info("Session '{0}' gave back multicast group {1}", ended.StreamPath, ended.Address);
            return;
        }

        if (FindSender(actor) is not null)
        {
            Restart(actor, "it failed");
            return;
        }

        MemberLeft(actor);
        foreach (var group in _groups.Values.ToList())
        {
            foreach (var id in group.Reservations.Where(entry => entry.Value.Connection.Equals(actor)).Select(entry => entry.Key).ToList())
            {
                group.Reservations.Remove(id);
            }

            ForgetIfIdle(group);
        }
    }

    private void ForgetIfIdle(MulticastGroup group)
    {
        if (!group.IsIdle || !_groups.Remove(group.MediaSession))
        {
            return;
        }

        Context.Unwatch(group.MediaSession);
        _log.Info("Session '{0}' gave back multicast group {1}", group.StreamPath, group.Address);
    }

    /// <summary>The group and track whose sender <paramref name="sender"/> is; null for one stopped already.</summary>
    private (MulticastGroup Group, GroupTrack Track)? FindSender(IActorRef sender)
    {
        foreach (var group in _groups.Values)
        {
            foreach (var track in group.Tracks.Values)
            {
                if (sender.Equals(track.Sender))
                {
                    return (group, track);
                }
            }
        }

        return null;
    }

    private static string LingerKey(GroupTrack track) => $"linger {track.Destination.Group}:{track.Destination.Ports.Rtp}";

    private sealed record SenderStarted(IActorRef Sender, MediaSession.Subscribed Subscribed);

    private sealed record SenderFailed(IActorRef Sender, Exception Error);

    private sealed record LastReaderGone(MulticastGroup Group, GroupTrack Track);
}
