using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Timing;

namespace MediaActors.Sessions;

/// <summary>
/// One named stream (a K230 session) with a video track and optionally an audio track. Video
/// arrives either from <c>SendVideoData</c> (through the <see cref="IngestGate"/>) or from a
/// publisher it pulls from with credit (<see cref="MediaSession.PullFrom"/>, in
/// MediaSessionActor.Pulling.cs). Each track packetizes its media once; one fan-out hands the
/// shared packets to the RTP senders of local clients and each access unit to the links of
/// relays on other nodes, never waiting for the slowest: every reader passes its own
/// <see cref="FrameGate"/> and one out of credit skips ahead to the next keyframe. A new video
/// client starts with the frames of the current GOP (<see cref="GopCache"/>). The session also
/// sends each client's connection the RTCP sender reports of its track. Readers join and leave in
/// MediaSessionActor.Readers.cs; DESCRIBE is answered in MediaSessionActor.Describing.cs.
/// </summary>
public sealed partial class MediaSessionActor : ReceiveActor, IWithTimers
{
    private readonly string _name;
    private readonly RtspServerSettings _settings;
    private readonly IngestGate _gate;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly VideoTrack _video;
    private readonly AudioTrack? _audio;
    private readonly FanOut<SessionReader> _readers = new();
    private readonly List<RtpPacketBatch> _batches = new();
    private readonly List<EncodedFrame> _exports = new();
    private readonly GopCache? _gopCache;
    private readonly RateMeter _rate = new();

    /// <summary>The RTCP CNAME of this session's tracks: random per session (RFC 7022), shared by its
    /// tracks so that players know which audio and video belong together.</summary>
    private readonly string _cname = "mediaactors-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private MediaSession.SourceStatus? _sourceStatus;
    private int _links;
    private int _frameReaders;
    private bool _published;
    private long _accessUnitCount, _keyframeCount, _packetCount, _ingestDrops, _instantStarts;

    /// <summary>Frames the clients that left had missed; with those of the present ones, the session's skip count.</summary>
    private long _skippedByDepartedClients;

    /// <summary>What the session handed its readers (<see cref="MediaSession.ReaderTotals"/>): these only grow.</summary>
    private long _packetsToReaders, _bytesToReaders;

    /// <summary>What readers that left had missed, and relays' links that left had been sent and missed.</summary>
    private long _droppedByDepartedReaders, _sentToDepartedLinks, _missedByDepartedLinks;

    public MediaSessionActor(string name, Codec video, Codec? audio, RtspServerSettings settings, IngestGate gate)
    {
        _name = name;
        _settings = settings;
        _gate = gate;
        // One mapping of the presentation clock for both tracks' sender reports (lip sync).
        var reportClock = new SenderReportClock();
        _video = new VideoTrack(video, settings.MaxRtpPacketSize, reportClock);
        _audio = audio is { } audioCodec ? new AudioTrack(audioCodec, settings.MaxRtpPacketSize, reportClock) : null;
        if (settings.GopCache)
        {
            _gopCache = new GopCache(settings.GopCacheMaxBytes, settings.GopCacheMaxFrames);
        }

        Receive<MediaSession.IngestVideo>(chunk =>
        {
            _gate.Leave(chunk.AnnexB.Length);
            PublishVideo(chunk);
        });
        Receive<MediaSession.IngestAudio>(chunk =>
        {
            _gate.Leave(chunk.Data.Length);
            PublishAudio(chunk);
        });
        Receive<MediaSession.SourceStatus>(status => _sourceStatus = status);
        Receive<FrameFlow.Restarted>(restarted => _sourceStatus = (_sourceStatus ?? new MediaSession.SourceStatus("camera", Sender.Path.Name, "streaming", null))
            with
        { LastError = restarted.Reason, Restarts = restarted.Restarts });
        Receive<MediaSession.Subscribe>(Subscribe);
        Receive<FrameFlow.Attach>(AttachLink);
        Receive<MediaSession.ReadFrames>(ReadFrames);
        Receive<FrameFlow.Request>(request => _readers.Grant(Sender, request.Count));
        Receive<FrameFlow.Detach>(_ => RemoveReader(Sender));
        Receive<MediaSession.PullFrom>(PullFrom);
        Receive<EncodedFrame>(OnEncodedFrame);
        Receive<FrameFlow.Ended>(ended => _log.Warning("Session {0}: its source ended: {1}", _name, ended.Reason));
        Receive<LingerElapsed>(_ => DetachUnlessWanted());
        Receive<SourceWatch>(_ => WatchSource());
        Receive<MediaSession.Describe>(Describe);
        Receive<DescribeTimedOut>(OnDescribeTimedOut);
        Receive<SenderReportDue>(_ => SendSenderReports());
        Receive<Terminated>(OnTerminated);
        Receive<MediaSession.GetStats>(_ => Sender.Tell(Stats()));
        Receive<MediaSession.GetReaders>(_ => Sender.Tell(ReaderOwners()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, Codec video, Codec? audio, RtspServerSettings settings, IngestGate gate) =>
        Akka.Actor.Props.Create(() => new MediaSessionActor(name, video, audio, settings, gate));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(SenderReportDue), SenderReportDue.Instance, _settings.RtcpInterval);

    protected override void PostStop()
    {
        _readers.End($"session '{_name}' was destroyed", Self);
        if (_published)
        {
            Context.System.EventStream.Publish(new MediaSession.Withdrawn(_name, Self));
        }

        StopPullingOnStop();
    }

    private IEnumerable<MediaTrack> Tracks => _audio is null ? [_video] : [_video, _audio];

    private MediaTrack? TrackOf(int trackId) => Tracks.FirstOrDefault(track => track.TrackId == trackId);

    /// <summary>Local clients (RTP senders and frame readers): every reader but the links.</summary>
    private int ClientCount => _readers.Count - _links;

    private void PublishVideo(MediaSession.IngestVideo chunk)
    {
        if (chunk.AfterDrop)
        {
            _ingestDrops++;
            // What follows the gap cannot be decoded from the cached frames.
            _gopCache?.Clear();
        }

        _batches.Clear();
        _exports.Clear();
        // Access units are copied into frames only when a link or a frame reader will take them.
        var exporting = _links + _frameReaders > 0;
        _video.Push(chunk, _batches, exporting ? _exports : null);
        TellFrameFormats();
        for (var i = 0; i < _batches.Count; i++)
        {
            var packets = _batches[i];
            _accessUnitCount++;
            if (packets.IsKeyframe)
            {
                _keyframeCount++;
            }

            _gopCache?.Add(packets);
            Publish(VideoTrack.Id, packets, chunk.ArrivalMicros, exporting ? _exports[i] : null);
        }

        PublishWhenDescribable();
        AnswerDescribeWaitersWhenReady();
    }

    private void PublishAudio(MediaSession.IngestAudio chunk)
    {
        _batches.Clear();
        _exports.Clear();
        var exporting = _links + _frameReaders > 0;
        _audio!.Push(chunk, _batches, exporting ? _exports : null);
        TellFrameFormats();
        for (var i = 0; i < _batches.Count; i++)
        {
            Publish(AudioTrack.Id, _batches[i], chunk.ArrivalMicros, exporting ? _exports[i] : null);
        }

        AnswerDescribeWaitersWhenReady();
    }

    /// <summary>
    /// The one fan-out: the frame's packets to the RTP senders of its track, and the frame itself
    /// (an access unit or an audio chunk) to the links and the frame readers, each only through its
    /// reader's gate (audio passes independently of the keyframe chain).
    /// </summary>
    private void Publish(int trackId, RtpPacketBatch packets, long ingestedAtMicros, EncodedFrame? exported = null)
    {
        _packetCount += packets.Count;
        _rate.Count(packets.TotalBytes, trackId == VideoTrack.Id ? 1 : 0, ingestedAtMicros);
        var frame = new MediaSession.FrameAvailable(trackId, packets, ingestedAtMicros);
        var isVideo = trackId == VideoTrack.Id;
        foreach (var reader in _readers)
        {
            switch (reader)
            {
                case TrackReader client when client.TrackId == trackId:
                    Offer(client, frame);
                    break;
                case FrameLink or FrameReader { ToldFormat: true } when exported is not null
                                                                     && (isVideo ? reader.Gate.TryPass(exported.IsKeyframe) : reader.Gate.TryPassIndependent()):
                    _bytesToReaders += exported.Data.Length;
                    reader.Actor.Tell(exported, Self);
                    break;
            }
        }
    }

    /// <summary>Sends a frame to one client's RTP sender unless it waits for a keyframe or is out of credit.</summary>
    private void Offer(TrackReader client, MediaSession.FrameAvailable frame)
    {
        var first = !client.HasStarted;
        if (!client.Gate.TryPass(frame.Packets.IsKeyframe))
        {
            return;
        }

        if (first)
        {
            Start(client, frame.Packets);
        }

        _packetsToReaders += frame.Packets.Count;
        _bytesToReaders += frame.Packets.TotalBytes;
        client.Actor.Tell(frame);
    }

    /// <summary>
    /// A client's first frame (a keyframe) is where its stream starts: only now can the PLAY
    /// reply's RTP-Info name the sequence number and RTP time of the first packet the player will
    /// get, which players take as the origin of their timeline (FFmpeg would otherwise shift every
    /// frame by the wait for the keyframe). The first sender report goes with it.
    /// </summary>
    private void Start(TrackReader client, RtpPacketBatch firstFrame)
    {
        var track = TrackOf(client.TrackId)!;
        var report = new MediaSession.SenderReport(client.Actor, track.TrackId, track.CurrentSenderReport(), _cname);
        if (client.Answered)
        {
            client.Reports.Tell(report);
        }
        else
        {
            client.Requester.Tell(new MediaSession.Subscribed(client.TrackId, firstFrame.FirstSequenceNumber, firstFrame.Timestamp, report));
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_source))
        {
            OnSourceStopped();
            return;
        }

        RemoveReader(terminated.ActorRef);
    }

    private void SendSenderReports()
    {
        foreach (var track in Tracks)
        {
            if (!track.HasStarted)
            {
                continue;
            }

            var report = track.CurrentSenderReport();
            foreach (var reader in _readers)
            {
                if (reader is TrackReader { HasStarted: true } client && client.TrackId == track.TrackId)
                {
                    client.Reports.Tell(new MediaSession.SenderReport(client.Actor, track.TrackId, report, _cname));
                }
            }
        }
    }

    /// <summary>Once the session can be described, it tells the node (a board offers it to relays).</summary>
    private void PublishWhenDescribable()
    {
        if (_published || !_video.IsDescribable)
        {
            return;
        }

        _published = true;
        Context.System.EventStream.Publish(new MediaSession.Published(_name, _video.Codec, _video.ParameterSetsAnnexB(), Self, _audio?.Codec));
    }

    private MediaSession.Stats Stats()
    {
        var skipped = _skippedByDepartedClients;
        var (dropped, linkSent, linkMissed) = (_droppedByDepartedReaders, _sentToDepartedLinks, _missedByDepartedLinks);
        foreach (var reader in _readers)
        {
            dropped += reader.Gate.Dropped;
            switch (reader)
            {
                case TrackReader client:
                    skipped += client.Gate.Dropped;
                    break;
                case FrameLink link:
                    linkSent += link.Gate.Sent;
                    linkMissed += link.Gate.Dropped;
                    break;
            }
        }

        return new MediaSession.Stats(
            _accessUnitCount, _keyframeCount, _packetCount, ClientCount, skipped, _ingestDrops,
            _gopCache?.FrameCount ?? 0, _gopCache?.Bytes ?? 0, _gopCache?.Overflows ?? 0, _instantStarts, _gate.QueuedBytes,
            _audio?.RejectedChunks ?? 0, _readers.Stats(reader => reader is FrameLink), _pulling, _sourceStatus, MediaSummary())
        {
            Readers = new MediaSession.ReaderTotals(_packetsToReaders, _bytesToReaders, dropped, linkSent, linkMissed),
        };
    }

    private MediaSession.MediaSummary MediaSummary()
    {
        var (framesPerSecond, bitsPerSecond) = _rate.Read(MonotonicClock.NowMicros);
        var size = _video.PictureSize;
        return new MediaSession.MediaSummary(_video.Codec, _audio?.Codec, size?.Width, size?.Height, framesPerSecond, bitsPerSecond);
    }

    private sealed class SenderReportDue
    {
        public static readonly SenderReportDue Instance = new();
    }
}
