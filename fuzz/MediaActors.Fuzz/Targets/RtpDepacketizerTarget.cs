using MediaActors.Pipeline;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// RTP packets of one received track (a pulled camera's, a publisher's), split from the input by
/// <see cref="Packets.Split"/>: each goes to <see cref="Sources.ReceivedTrack.PushRtp"/> as the
/// receive loops hand it over, which reads the RTP header, keeps the track's SSRC, and
/// depacketizes: H.264 (single NAL, STAP-A, FU-A), H.265 (single, AP, FU), AAC (RFC 3640
/// AU headers) or G.711, then stamps the frames onto the source's timeline. A malformed packet
/// is dropped and counted; nothing is caught around it.
/// </summary>
public sealed class RtpDepacketizerTarget(string name, string sdp) : IFuzzTarget
{
    public const string H264Sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=camera\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
        + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH9oBQBbsBEAAAAMAQAAADKPGDKg=,aM4PyA==\r\na=control:trackID=0\r\n";

    public const string H265Sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=camera\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
        + "a=rtpmap:96 H265/90000\r\na=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAQEAAAAMAQAAABkI=;sprop-pps=RAHBcrRiQA==\r\na=control:trackID=0\r\n";

    /// <summary>AAC-hbr as ffmpeg and most cameras send it: 13-bit sizes, 3-bit indexes, 48 kHz stereo.</summary>
    public const string AacSdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=camera\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
        + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:trackID=0\r\n"
        + "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\n"
        + "a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1190\r\na=control:trackID=1\r\n";

    public const string G711Sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=camera\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
        + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:trackID=0\r\n"
        + "m=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:trackID=1\r\n";

    public string Name => name;

    /// <summary>The SDP the track is received by (its last track is the one fed).</summary>
    public string Sdp => sdp;

    public void Run(ReadOnlySpan<byte> input)
    {
        var track = ReceivedTracks.Create(sdp);
        var frames = new List<EncodedFrame>();
        var arrival = 1_000_000L;
        foreach (var packet in Packets.Split(input))
        {
            track.PushRtp(packet, arrival += 20_000, frames);
        }
    }
}
