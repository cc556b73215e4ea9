using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Sources;

/// <summary>
/// A path that RTSP publishers feed (ANNOUNCE/RECORD): the frame publisher of its session, which
/// outlives the publisher connections. One connection publishes at a time; a second is refused,
/// or takes over when so configured. When the publisher drops, the session and its readers stay
/// for the linger: a new publisher within it continues the stream on the same timeline (readers
/// resume at its first keyframe, sequence numbers continuing). After the linger the path ends with
/// its session.
/// </summary>
public sealed class PublishPointActor : FramePublisherActor, IWithTimers
{
    private const string LingerTimer = "linger";

    /// <summary>Frames a publisher's connection may have handed over and this actor not yet passed on.</summary>
    private const int InboxFrames = 64;

    private readonly string _path;
    private readonly Codec _video;
    private readonly Codec? _audio;
    private readonly IActorRef _session;
    private readonly PublishingSettings _settings;
    private readonly int _credit;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SourceTimeline _timeline = new();
    private readonly PullInbox _inbox = new(InboxFrames);
    private IActorRef? _publisher;
    private string _publisherAddress = "";

    /// <summary>Publishers granted the path so far: each after the first is a reconnect, for the session's status.</summary>
    private long _publishers;
    private int _connection;

    /// <param name="credit">The frames its session lets it have in flight (<c>received-source-credit</c>).</param>
    public PublishPointActor(string path, Codec video, Codec? audio, IActorRef session, PublishingSettings settings, int credit)
    {
        (_path, _video, _audio, _session, _settings, _credit) = (path, video, audio, session, settings, credit);
        Receive<Publishing.Claim>(Claim);
        Receive<Publishing.Release>(release => Released(Sender, release.How));
        Receive<ReceivedFrame>(OnFrame);
        Receive<LingerElapsed>(_ => EndUnlessPublished());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string path, Codec video, Codec? audio, IActorRef session, PublishingSettings settings, int credit) =>
        Akka.Actor.Props.Create(() => new PublishPointActor(path, video, audio, session, settings, credit));

    protected override void PreStart()
    {
        Context.Watch(_session);
        _session.Tell(new MediaSession.PullFrom(Self, Credit: _credit));
    }

    private void Claim(Publishing.Claim claim)
    {
        if (claim.Video != _video || claim.Audio != _audio)
        {
            Sender.Tell(new Publishing.Refused(RtspStatus.NotAcceptable,
                $"'{_path}' carries {Describe(_video, _audio)}; this publisher announced {Describe(claim.Video, claim.Audio)}"));
            return;
        }

        if (_publisher is { } current && !current.Equals(claim.Publisher))
        {
            if (!_settings.TakeOver)
            {
                Sender.Tell(new Publishing.Refused(RtspStatus.Forbidden, $"'{_path}' is being published by another connection"));
                return;
            }

            _log.Warning("Publishing {0}: a new publisher takes over", _path);
            Context.Unwatch(current);
            current.Tell(new Publishing.TakenOver($"another publisher took over '{_path}'"));
        }

        _publisher = claim.Publisher;
        Context.Watch(_publisher);
        Timers.Cancel(LingerTimer);
        _connection++;
        _log.Info("Publishing {0}: {1} ({2}) publishes {3}", _path, claim.PublisherAddress, _publisher.Path.Name, Describe(_video, _audio));
        _publisherAddress = claim.PublisherAddress;
        _publishers++;
        _session.Tell(new MediaSession.SourceStatus("publisher", _publisherAddress, "publishing", null, Restarts: _publishers - 1));
        Sender.Tell(new Publishing.Granted(Self, _connection, _timeline, _inbox));
    }

    private void OnFrame(ReceivedFrame received)
    {
        _inbox.Leave();
        if (received.Connection == _connection && _publisher is not null)
        {
            Publish(received.Frame);
        }
    }

    protected override void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_session))
        {
            // The session was destroyed (DestroySession, or the server stopping): nothing left to feed.
            _publisher?.Tell(new Publishing.TakenOver($"session '{_path}' was destroyed"));
            Context.Stop(Self);
            return;
        }

        Released(terminated.ActorRef, "disconnected");
    }

    private void Released(IActorRef publisher, string how)
    {
        if (!publisher.Equals(_publisher))
        {
            return;
        }

        Context.Unwatch(publisher);
        _publisher = null;
        // Frames of that connection still on their way are not passed on.
        _connection++;
        _log.Info("Publishing {0}: the publisher {1}; readers wait {2} for the next one", _path, how, _settings.Linger);
        _session.Tell(new MediaSession.SourceStatus("publisher", _publisherAddress, "waiting for a publisher", $"the publisher {how}", Restarts: _publishers - 1));
        Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, _settings.Linger);
    }

    private void EndUnlessPublished()
    {
        if (_publisher is not null)
        {
            return;
        }

        _log.Info("Publishing {0}: no publisher for {1}; the session ends", _path, _settings.Linger);
        Context.Parent.Tell(new SessionRegistry.DestroySession(_path), ActorRefs.NoSender);
        Context.Stop(Self);
    }

    private static string Describe(Codec video, Codec? audio) => audio is { } sound ? $"{video} + {sound}" : $"{video} only";

    private sealed class LingerElapsed
    {
        public static readonly LingerElapsed Instance = new();
    }
}
