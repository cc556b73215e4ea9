using MediaActors.Connections;
using MediaActors.Operations;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// An RTCP compound packet, as both ends read one: the server's <see cref="ClientSessions.AccountRtcp"/>
/// (a player's receiver reports, over UDP, multicast or interleaved) and a received track's
/// <see cref="Sources.ReceivedTrack.PushRtcp"/> (a camera's or publisher's sender reports and BYE,
/// which move the source's timeline). Both drop what does not parse.
/// </summary>
public sealed class RtcpTarget : IFuzzTarget
{
    public string Name => "rtcp";

    public void Run(ReadOnlySpan<byte> input)
    {
        new ClientSessions(ReaderKind.RtspTcp).AccountRtcp(input);
        var track = ReceivedTracks.Create(RtpDepacketizerTarget.H264Sdp);
        // The track takes the SSRC of its first RTP packet; the sender reports of that SSRC matter.
        track.ExpectSsrc(input.Length >= 8 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(input[4..]) : 0);
        track.PushRtcp(input, arrivalMicros: 5_000_000);
        track.ReceiverReport(0x1234, "fuzz", nowMicros: 6_000_000);
    }
}
