using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Pipeline;

namespace MediaActors.Sessions;

/// <summary>
/// The session as a consumer in a chain of publishers: it pulls its video from a camera or from
/// another node's session (<see cref="MediaSession.PullFrom"/>) with the frame flow, on demand if
/// asked, granting one frame of credit back for each it has packetized.
/// </summary>
public sealed partial class MediaSessionActor
{
    private const string LingerTimer = "linger";
    private const string SourceWatchTimer = "source-watch";

    /// <summary>
    /// How long a pulling session waits for a frame before it attaches again. Credit lost on the way
    /// (a frame or a grant dropped with a broken link) would otherwise stop a link for good while
    /// heartbeats keep its nodes reachable; a fresh attachment starts with full credit.
    /// </summary>
    private static readonly TimeSpan SourceSilence = TimeSpan.FromSeconds(5);

    private IActorRef? _source;
    private TimeSpan? _onDemandLinger;
    private int _sourceCredit;
    private bool _pulling;
    private bool _sourceSilent;
    private long _lastFrameMicros;
    private long _codecMismatches;

    /// <summary>
    /// The publisher's capture clock to the session's presentation clock, as its last video frame
    /// mapped them: its audio frames, on the same capture clock, are presented by it. Null until a
    /// video frame came since the session attached.
    /// </summary>
    private long? _captureToPresentation;

    /// <summary>
    /// Takes a publisher's frames from now on: the session grants it its credit (<c>source-credit</c> unless the pull says) and
    /// one more for each it has packetized, so the publisher never has more than that in flight to it.
    /// </summary>
    private void PullFrom(MediaSession.PullFrom pull)
    {
        if (_source is not null)
        {
            Context.Unwatch(_source);
            if (_pulling)
            {
                Detach();
            }
        }

        _source = pull.Publisher;
        _onDemandLinger = pull.OnDemandLinger;
        _sourceCredit = pull.Credit ?? _settings.SourceCredit;
        Context.Watch(_source);
        if (_onDemandLinger is null || IsWanted)
        {
            Attach();
        }
    }

    /// <summary>Someone reads the session: a client, a web output or recorder, or another relay's link (an edge relay pulling through this one).</summary>
    private bool IsWanted => _readers.Count > 0;

    private void Attach()
    {
        _pulling = true;
        _captureToPresentation = null;
        _lastFrameMicros = MonotonicClock.NowMicros;
        Timers.StartPeriodicTimer(SourceWatchTimer, SourceWatch.Instance, SourceSilence);
        _source!.Tell(new FrameFlow.Attach(_sourceCredit));
    }

    private void Detach()
    {
        StopPulling();
        _source?.Tell(FrameFlow.Detach.Instance);
    }

    /// <summary>No longer attached (detached, or the source stopped): no frames expected, none watched for.</summary>
    private void StopPulling()
    {
        _pulling = false;
        Timers.Cancel(SourceWatchTimer);
    }

    private void OnSourceStopped()
    {
        _log.Warning("Session {0}: its source {1} stopped", _name, _source!.Path);
        _source = null;
        StopPulling();
    }

    private void StopPullingOnStop()
    {
        if (_pulling)
        {
            Detach();
        }
    }

    /// <summary>No frame for <see cref="SourceSilence"/> while pulling: detach and attach again, with full credit.</summary>
    private void WatchSource()
    {
        if (!_pulling || MonotonicClock.NowMicros - _lastFrameMicros < (long)SourceSilence.TotalMicroseconds)
        {
            return;
        }

        if (!_sourceSilent)
        {
            _log.Warning("Session {0}: no frame from {1} for {2}; attaching again", _name, _source!.Path, SourceSilence);
        }

        _sourceSilent = true;
        Detach();
        Attach();
    }

    /// <summary>Someone wants the stream: an on-demand session attaches now (if it was not) and stops lingering.</summary>
    private void KeepPulling()
    {
        if (_onDemandLinger is null || _source is null)
        {
            return;
        }

        Timers.Cancel(LingerTimer);
        if (!_pulling)
        {
            _log.Info("Session {0}: a client wants it; pulling from {1}", _name, _source.Path);
            Attach();
        }
    }

    /// <summary>With no client, an on-demand session detaches after the linger (unless someone comes back).</summary>
    private void LingerWhenUnwanted()
    {
        if (_onDemandLinger is { } linger && !IsWanted)
        {
            Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, linger);
        }
    }

    private void DetachUnlessWanted()
    {
        if (IsWanted || !_pulling || _source is null)
        {
            return;
        }

        _log.Info("Session {0}: no clients for {1}; stopped pulling from {2}", _name, _onDemandLinger, _source.Path);
        Detach();
        // The next client starts from frames pulled after it came, not from a GOP (or sound) of long ago.
        _gopCache?.Clear();
        _audio?.Recent.Clear();
    }

    private void OnEncodedFrame(EncodedFrame frame)
    {
        // A publisher this session no longer pulls from (or detached from) may still have frames on
        // their way: they are neither used (they would start the next client on a stale picture) nor
        // answered with credit.
        if (!_pulling || !Sender.Equals(_source))
        {
            return;
        }

        _lastFrameMicros = MonotonicClock.NowMicros;
        _sourceSilent = false;
        try
        {
            // Capture times are the publisher's monotonic microseconds (on a board, the board's clock), which the
            // presentation clock takes as the caller's clock: all it needs is that they advance with the frames.
            if (frame.Codec == _video.Codec)
            {
                PublishVideo(new MediaSession.IngestVideo(frame.Data, (ulong)frame.CaptureTimeMicros, MonotonicClock.NowMicros, AfterDrop: false));
                _captureToPresentation = _video.LastPresentationMicros - frame.CaptureTimeMicros;
            }
            else if (frame.Codec == _audio?.Codec)
            {
                // Audio goes where the publisher's timeline puts it next to the video (lip sync). Sound that
                // comes before the first picture (a publisher sends it while this session waits for a keyframe)
                // has nothing to be placed next to: stamped by its arrival it would start the players' audio
                // ahead of their first picture, so it is left out.
                if (_captureToPresentation is { } captureToPresentation)
                {
                    PublishAudio(new MediaSession.IngestAudio(frame.Data, (ulong)frame.CaptureTimeMicros, MonotonicClock.NowMicros,
                        frame.CaptureTimeMicros + captureToPresentation));
                }
            }
            else if (_codecMismatches++ == 0)
            {
                _log.Error("Session {0} is {1}{2} but its source {3} sends {4}: such frames are ignored",
                    _name, _video.Codec, _audio is null ? "" : $" + {_audio.Codec}", Sender.Path, frame.Codec);
            }
        }
        finally
        {
            // Even when the frame could not be used: credit withheld would stall the publisher for this session.
            Sender.Tell(new FrameFlow.Request(1));
        }
    }

    private sealed class SourceWatch
    {
        public static readonly SourceWatch Instance = new();
    }

    private sealed class LingerElapsed
    {
        public static readonly LingerElapsed Instance = new();
    }
}
