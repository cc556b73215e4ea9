using Akka.Actor;
using MediaActors.Flow;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Sessions;

/// <summary>The messages a <see cref="MediaSessionActor"/> understands and answers with.</summary>
public static class MediaSession
{
    /// <summary>
    /// Encoder output handed to <c>SendVideoData</c>: Annex-B bytes the session now owns.
    /// <paramref name="AfterDrop"/> says earlier data was dropped at the ingest bound, so the
    /// session must resynchronise on the next keyframe instead of emitting a broken picture.
    /// </summary>
    public sealed record IngestVideo(ReadOnlyMemory<byte> AnnexB, ulong CallerTimestamp, long ArrivalMicros, bool AfterDrop);

    /// <summary>
    /// Audio handed to <c>SendAudioData</c> (G.711 bytes, or ADTS frames for AAC), owned by the session now.
    /// <paramref name="PresentationMicros"/> is when it is to be heard on the session's presentation clock,
    /// when its source says (a publisher whose audio and video share one timeline); otherwise the session
    /// stamps it by its sample count from its arrival.
    /// </summary>
    public sealed record IngestAudio(ReadOnlyMemory<byte> Data, ulong CallerTimestamp, long ArrivalMicros, long? PresentationMicros = null);

    /// <summary>Asks for the session's tracks (for DESCRIBE and SETUP). With <paramref name="WaitForParameterSets"/>
    /// the answer waits (up to the describe-wait setting) until the encoder produced SPS/PPS.</summary>
    public sealed record Describe(bool WaitForParameterSets);

    /// <summary>One track as a client sees it: its SDP section and the SSRC its packets carry.</summary>
    public sealed record TrackDescription(int TrackId, SdpMedia Media, uint Ssrc, int ClockRate);

    /// <summary>The answer to <see cref="Describe"/>; <paramref name="Session"/> is the session actor itself, for SETUP and PLAY.</summary>
    public sealed record Described(string SessionName, IActorRef Session, IReadOnlyList<TrackDescription> Tracks);

    /// <summary>DESCRIBE cannot be answered yet: the encoder has produced no parameter sets.</summary>
    public sealed record Unavailable(string Reason);

    /// <summary>
    /// Adds <paramref name="Reader"/>, an RTP sender, to the fan-out of a track; answered with
    /// <see cref="Subscribed"/>. The reader has <c>client-frames-in-flight</c> frames of credit and
    /// gives them back with <see cref="Flow.FrameFlow.Request"/> as it handles them (sends or drops;
    /// it may do so in batches, <see cref="Configuration.RtspServerSettings.FramesPerAcknowledgement"/>).
    /// <paramref name="Reports"/> receives the track's <see cref="SenderReport"/>s for this reader
    /// (the client's connection, which sends them and, at the end, the RTCP BYE). A video reader
    /// starts with the GOP cache when the cached frames come to at most <paramref name="CatchUpLimitBytes"/>
    /// (what its transport takes in one burst), else at the next keyframe; a client resuming after
    /// PAUSE passes 0 (it has had those sequence numbers).
    /// </summary>
    public sealed record Subscribe(IActorRef Reader, int TrackId, IActorRef Reports, long CatchUpLimitBytes = long.MaxValue);

    /// <summary>Where the subscriber's stream starts: the sequence number and RTP time of the first packet it
    /// will receive (sent with its first frame, a keyframe), for the RTP-Info header of the PLAY reply.</summary>
    /// <remarks><paramref name="FirstReport"/> is the sender report to send right after the PLAY reply and before
    /// any media (players that see media first re-time it when the report arrives); null for a track
    /// that has carried no media yet.</remarks>
    public sealed record Subscribed(int TrackId, ushort SequenceNumber, uint RtpTime, SenderReport? FirstReport);

    /// <summary>
    /// An RTCP sender report of a track for one subscriber, right after it subscribed and then every
    /// rtcp-interval: the NTP/RTP pair maps the track's RTP clock to wall-clock time.
    /// </summary>
    public sealed record SenderReport(IActorRef Subscriber, int TrackId, RtcpSenderReport Report, string Cname);

    /// <summary>One access unit, packetized once and shared read-only by every subscriber.
    /// <paramref name="IngestedAtMicros"/> is when the media reached the session (monotonic µs; for
    /// <see cref="Delivery.SendLatency"/>), 0 for a catch-up copy from the GOP cache.</summary>
    public sealed record FrameAvailable(int TrackId, RtpPacketBatch Packets, long IngestedAtMicros = 0);

    /// <summary>
    /// Makes the session pull its media from a publisher of <see cref="Pipeline.EncodedFrame"/>s (a
    /// <see cref="Pipeline.CameraActor"/>, a pulled camera, or a session on a board): video frames
    /// feed its video track, audio frames (of its audio codec) its audio track. It attaches with credit
    /// (<see cref="Flow.FrameFlow"/>) and receives its frames, detaching from the one it pulled from before. With
    /// <paramref name="OnDemandLinger"/> it attaches only while someone wants the stream (a client
    /// subscribed, or DESCRIBEd within the linger) and detaches that long after the last one left.
    /// <paramref name="Credit"/> is the frames it lets the publisher have in flight, <c>source-credit</c> unless given.
    /// </summary>
    public sealed record PullFrom(IActorRef Publisher, TimeSpan? OnDemandLinger = null, int? Credit = null);

    /// <summary>
    /// A reader on this node that takes the session's media as frames rather than RTP packets (a
    /// muxer for web players or a recorder): the session answers with <see cref="FrameFormat"/> once it
    /// can be described, then sends the frames of the current GOP (from the GOP cache, with their own
    /// times) and every frame after: video access units and audio chunks as <see cref="Pipeline.EncodedFrame"/>s
    /// stamped with their presentation time (<see cref="Pipeline.EncodedFrame.CaptureTimeMicros"/>,
    /// monotonic µs, one timeline for both tracks). Credit as with <see cref="FrameFlow.Attach"/>:
    /// at most <paramref name="Credit"/> frames in flight, given back with <see cref="FrameFlow.Request"/>;
    /// one out of credit skips video to the next keyframe. It leaves with <see cref="FrameFlow.Detach"/>.
    /// </summary>
    public sealed record ReadFrames(int Credit);

    /// <summary>
    /// What a frame reader needs before its first frame: the video codec and its parameter sets
    /// (NAL units without start codes; H.264: SPS, PPS; H.265: VPS, SPS, PPS), and the audio codec
    /// when the session has audio, with the AAC configuration once its first frame told it (null
    /// until then, and for G.711).
    /// </summary>
    public sealed record FrameFormat(
        string SessionName,
        Codec Video,
        IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets,
        Codec? Audio,
        Protocol.Codecs.Aac.AudioSpecificConfig? AacConfig);

    /// <summary>
    /// Published on the actor system's event stream once a session can be described (its parameter
    /// sets are known), so that a board can offer it to relays; <paramref name="ParameterSets"/> is
    /// Annex-B (H.264: SPS, PPS; H.265: VPS, SPS, PPS); <paramref name="Audio"/> is its audio codec,
    /// if it has audio. The session is a frame publisher: relays pull its pictures and sound from it
    /// with <see cref="FrameFlow.Attach"/>.
    /// </summary>
    public sealed record Published(string Name, Codec Codec, ReadOnlyMemory<byte> ParameterSets, IActorRef Session, Codec? Audio = null);

    /// <summary>Published on the event stream when a session that was <see cref="Published"/> stops.</summary>
    public sealed record Withdrawn(string Name, IActorRef Session);

    /// <summary>
    /// Told by the source that feeds the session whenever its state changes: what kind of source it
    /// is (<c>pull</c>, <c>publisher</c>, <c>camera</c>, <c>board</c>), which one (a URL without
    /// credentials, a publisher's address, a board's name), its state (connecting, playing,
    /// retrying, idle) and, after a failure, why, in words; <paramref name="Restarts"/> counts its
    /// reconnects or encoder restarts. Shown in <see cref="Stats"/>; a session fed by
    /// <c>SendVideoData</c> has none.
    /// </summary>
    public sealed record SourceStatus(string Kind, string Description, string State, string? LastError, long Restarts = 0);

    /// <summary>
    /// What a session carries, as measured: its codecs, the picture size its SPS states (null until
    /// known), and the pictures and bits per second that arrived over the last seconds (both tracks' bits).
    /// </summary>
    public sealed record MediaSummary(Codec Video, Codec? Audio, int? Width, int? Height, double FramesPerSecond, long BitsPerSecond);

    /// <summary>Asks who reads the session, for operators: answered with <see cref="ReaderOwners"/>.</summary>
    public sealed class GetReaders
    {
        public static readonly GetReaders Instance = new();
        private GetReaders() { }
    }

    /// <summary>
    /// The answer to <see cref="GetReaders"/>: the session actor, its relays' links described, and
    /// the owners of its other readers, each to be asked (<see cref="Operations.Readers.Describe"/>) in turn.
    /// </summary>
    public sealed record ReaderOwners(IActorRef Session, IReadOnlyList<Operations.ReaderStatus> Links, IReadOnlyList<IActorRef> Owners);

    /// <summary>Counters of one session, for tests and the status API.</summary>
    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>
    /// <paramref name="SubscriberFramesSkipped"/> counts frames a subscriber missed because it fell behind (summed over subscribers);
    /// <paramref name="GopCacheFrames"/> and <paramref name="GopCacheBytes"/> are what the GOP cache holds now,
    /// <paramref name="GopCacheOverflows"/> the GOPs too large for it;
    /// <paramref name="InstantStarts"/> counts subscribers that started from it;
    /// <paramref name="IngestQueuedBytes"/> is what SendVideoData/SendAudioData handed over and the session has not yet taken;
    /// <paramref name="AudioChunksRejected"/> counts audio the session could not use (ADTS without a whole frame, or of another configuration);
    /// <paramref name="Relays"/> are the relays pulling frames from it, with what each got and missed;
    /// <paramref name="Pulling"/> is true while it is attached to the publisher it pulls from;
    /// <paramref name="Source"/> is what that publisher last said of itself (<see cref="SourceStatus"/>), if it says anything;
    /// <paramref name="Media"/> is what the session carries, as measured;
    /// <see cref="Readers"/> is what it handed all its readers, those gone included.
    /// </summary>
    public sealed record Stats(
        long AccessUnits,
        long Keyframes,
        long RtpPackets,
        int Subscribers,
        long SubscriberFramesSkipped,
        long IngestDrops,
        int GopCacheFrames,
        long GopCacheBytes,
        long GopCacheOverflows,
        long InstantStarts,
        long IngestQueuedBytes,
        long AudioChunksRejected,
        IReadOnlyList<FrameFlow.ConsumerStats> Relays,
        bool Pulling,
        SourceStatus? Source = null,
        MediaSummary? Media = null)
    {
        public ReaderTotals Readers { get; init; } = ReaderTotals.None;
    }

    /// <summary>
    /// What a session handed its readers over its life, readers that left included, so each only
    /// grows: RTP <paramref name="Packets"/> to its clients' senders (RTSP clients, pushes) and
    /// <paramref name="Bytes"/> of media to every reader (RTP packets, and the access units and
    /// audio chunks relays' links, web outputs and recorders take); frames its readers missed
    /// at its fan-out for lack of credit (<paramref name="FramesDropped"/>: an RTP sender that then
    /// cannot send a frame counts that drop itself); and frames its relays' links were sent and missed.
    /// </summary>
    public sealed record ReaderTotals(long Packets, long Bytes, long FramesDropped, long RelayFramesSent, long RelayFramesMissed)
    {
        public static readonly ReaderTotals None = new(0, 0, 0, 0, 0);
    }
}
