using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Sources;

/// <summary>
/// One track of a received stream (a camera pulled, a publisher's RECORD), for one connection: takes the camera's RTP and RTCP
/// packets (only those of the track's SSRC, so a stray or spoofed packet cannot disturb the
/// stream), turns them into <see cref="EncodedFrame"/>s on the source's timeline, and keeps the
/// reception statistics its receiver reports tell the camera. Video starts at a keyframe, with
/// the SDP's parameter sets put in front of keyframes that lack them, so a session can describe
/// and decode the stream from its first frame. Not thread-safe: one receive loop feeds it.
/// </summary>
internal sealed class ReceivedTrack
{
    /// <summary>The largest access unit a track takes (a 4K keyframe is well below): memory stays bounded whatever a sender sends.</summary>
    public const int MaxAccessUnitBytes = 8 * 1024 * 1024;

    private readonly ReceivedFormat _format;
    private readonly SourceTimeline _timeline;
    private readonly IRtpDepacketizer? _video;
    private readonly IAudioDepacketizer? _audio;
    private readonly List<AudioFrame> _audioFrames = new();
    private readonly List<RtcpPacket> _rtcp = new();
    private readonly object _reportLock = new();
    private readonly ReceptionStatistics _reception;
    private uint? _ssrc;
    private bool _waitingForKeyframe = true;

    /// <summary>Frames made so far: the sequence number of the next.</summary>
    private long _frames;

    private ReceivedTrack(int index, ReceivedFormat format, string controlUri, SourceTimeline timeline)
    {
        Index = index;
        _format = format;
        ControlUri = controlUri;
        _timeline = timeline;
        _reception = new ReceptionStatistics(format.ClockRate);
        if (format.Format is VideoCodecFormat)
        {
            _video = format.CreateVideoDepacketizer(MaxAccessUnitBytes);
        }
        else
        {
            _audio = format.CreateAudioDepacketizer();
        }
    }

    /// <summary>The track's number in the session: 0 video, 1 audio (its interleaved channels, when this server chooses them, are 2×index and 2×index+1).</summary>
    public int Index { get; }

    public Codec Codec => _format.Format.Codec;

    public ReceivedFormat Format => _format;

    public bool IsVideo => _video is not null;

    /// <summary>Where SETUP goes for this track.</summary>
    public string ControlUri { get; }

    /// <summary>Packets accepted into the track (its SSRC, well-formed).</summary>
    public long Packets { get; private set; }

    /// <summary>Packets lost on the way, and packets dropped as malformed, foreign or late.</summary>
    public long LostPackets => (_video?.LostPackets ?? _audio!.LostPackets);

    public long DiscardedPackets => (_video?.DiscardedPackets ?? _audio!.DiscardedPackets) + ForeignPackets;

    /// <summary>Packets of another SSRC than the track's.</summary>
    public long ForeignPackets { get; private set; }

    /// <summary>Video frames skipped before the first keyframe of the connection, or after a drop, to the next one.</summary>
    public long SkippedFrames { get; private set; }

    /// <summary>
    /// What a stream's SDP offers to receive: the first playable video track (index 0) and the
    /// first playable audio track (1), with their control URLs resolved against
    /// <paramref name="baseUri"/>; <paramref name="refused"/> gets the reason for each media section
    /// left out. Null when there is no playable video.
    /// </summary>
    public static IReadOnlyList<(ReceivedFormat Format, string ControlUri)>? Choose(SessionDescription description, string baseUri, List<string> refused)
    {
        (ReceivedFormat Format, string Control)? video = null, audio = null;
        foreach (var media in description.Media)
        {
            if (!ReceivedFormat.TryRead(media, out var format, out var reason))
            {
                refused.Add(reason);
            }
            else if (format.Format is VideoCodecFormat)
            {
                video ??= (format, media.Control);
            }
            else
            {
                audio ??= (format, media.Control);
            }
        }

        if (video is not { } chosenVideo)
        {
            return null;
        }

        var chosen = new List<(ReceivedFormat, string)> { (chosenVideo.Format, RtspUrl.ResolveControl(baseUri, chosenVideo.Control)) };
        if (audio is { } chosenAudio)
        {
            chosen.Add((chosenAudio.Format, RtspUrl.ResolveControl(baseUri, chosenAudio.Control)));
        }

        return chosen;
    }

    /// <summary>The tracks of what <see cref="Choose"/> chose, receiving onto <paramref name="timeline"/>.</summary>
    public static List<ReceivedTrack> Create(IReadOnlyList<(ReceivedFormat Format, string ControlUri)> chosen, SourceTimeline timeline)
    {
        var tracks = new List<ReceivedTrack>(chosen.Count);
        for (var index = 0; index < chosen.Count; index++)
        {
            tracks.Add(new ReceivedTrack(index, chosen[index].Format, chosen[index].ControlUri, timeline));
        }

        return tracks;
    }

    /// <summary>The SSRC the camera announced in its SETUP reply; otherwise the first packet's is taken.</summary>
    public void ExpectSsrc(uint? ssrc) => _ssrc = ssrc;

    /// <summary>The frames of a frame dropped on the way to the publisher: video resumes at the next keyframe.</summary>
    public void FrameDropped()
    {
        if (IsVideo)
        {
            _waitingForKeyframe = true;
        }
    }

    /// <summary>Takes one RTP packet; appends the frames it completed.</summary>
    public void PushRtp(ReadOnlySpan<byte> packet, long arrivalMicros, List<EncodedFrame> output)
    {
        if (!RtpHeader.TryRead(packet, out var header, out _))
        {
            return;
        }

        _ssrc ??= header.Ssrc;
        if (header.Ssrc != _ssrc)
        {
            ForeignPackets++;
            return;
        }

        Packets++;
        lock (_reportLock)
        {
            _reception.PacketReceived(header.SequenceNumber, header.Timestamp, arrivalMicros);
        }

        if (_video is not null)
        {
            PushVideo(packet, arrivalMicros, output);
        }
        else
        {
            PushAudio(packet, arrivalMicros, output);
        }
    }

    /// <summary>Takes an RTCP compound packet of the track: a sender report of its SSRC goes to the timeline. True when it holds a BYE of the track's source.</summary>
    public bool PushRtcp(ReadOnlySpan<byte> compound, long arrivalMicros)
    {
        _rtcp.Clear();
        if (!RtcpCompoundReader.TryRead(compound, _rtcp))
        {
            return false;
        }

        var bye = false;
        foreach (var packet in _rtcp)
        {
            switch (packet)
            {
                case RtcpSenderReport report when report.Ssrc == _ssrc:
                    lock (_reportLock)
                    {
                        _reception.SenderReportReceived(report.NtpTimestamp, arrivalMicros);
                    }

                    _timeline.SenderReport(Index, _format.ClockRate, report.NtpTimestamp.ToUnixMicroseconds(), report.RtpTimestamp, arrivalMicros);
                    break;
                case RtcpGoodbye goodbye when _ssrc is { } ssrc && goodbye.Ssrcs.Contains(ssrc):
                    bye = true;
                    break;
            }
        }

        return bye;
    }

    /// <summary>The receiver report about this track's source, from <paramref name="receiverSsrc"/>; null before any packet came.</summary>
    public byte[]? ReceiverReport(uint receiverSsrc, string cname, long nowMicros)
    {
        if (_ssrc is not { } ssrc || Packets == 0)
        {
            return null;
        }

        RtcpReportBlock block;
        lock (_reportLock)
        {
            block = _reception.NextReportBlock(ssrc, nowMicros);
        }

        return RtcpCompound.ReceiverReport(new RtcpReceiverReport(receiverSsrc, [block]), cname);
    }

    private void PushVideo(ReadOnlySpan<byte> packet, long arrivalMicros, List<EncodedFrame> output)
    {
        if (!_video!.TryPush(packet, out var accessUnit))
        {
            return;
        }

        if (_waitingForKeyframe && !accessUnit!.IsKeyframe)
        {
            SkippedFrames++;
            return;
        }

        _waitingForKeyframe = false;
        var local = _timeline.ToLocalMicros(Index, _format.ClockRate, _video.AccessUnitTimestamp, arrivalMicros);
        output.Add(EncodedFrame.FromAccessUnit(Codec, WithParameterSets(accessUnit!), local, _frames++));
    }

    private void PushAudio(ReadOnlySpan<byte> packet, long arrivalMicros, List<EncodedFrame> output)
    {
        _audioFrames.Clear();
        _audio!.Push(packet, _audioFrames);
        foreach (var frame in _audioFrames)
        {
            var data = _format.AacConfig is { } config ? AacFormat.ToAdts(config, frame.Data.Span) : frame.Data;
            var local = _timeline.ToLocalMicros(Index, _format.ClockRate, frame.RtpTimestamp, arrivalMicros);
            output.Add(new EncodedFrame(Codec, data, [new NalUnitRange(0, data.Length)], IsKeyframe: true, local, _frames++));
        }
    }

    /// <summary>A keyframe without in-band parameter sets gets those of the SDP in front (cameras that send them only there).</summary>
    private AccessUnit WithParameterSets(AccessUnit accessUnit)
    {
        if (!accessUnit.IsKeyframe || _format.ParameterSets.Count == 0)
        {
            return accessUnit;
        }

        var format = (VideoCodecFormat)_format.Format;
        foreach (var nal in accessUnit.NalUnits)
        {
            if (format.IsParameterSet(nal.Span))
            {
                return accessUnit;
            }
        }

        return accessUnit with { NalUnits = [.. _format.ParameterSets, .. accessUnit.NalUnits] };
    }
}
