namespace MediaActors.Protocol.Tests.Rtcp;

/// <summary>Compound RTCP packets captured from real FFmpeg 5.1 (hex from a UDP listener).</summary>
internal static class RtcpSamples
{
    /// <summary>
    /// ffmpeg -re -f lavfi -i sine -c:a pcm_mulaw -cname mediaactors@test -f rtp rtp://127.0.0.1:5010?rtcpport=5011:
    /// SR (SSRC 0xA1CE5713, 39 packets, 39936 octets) + SDES CNAME "mediaactors@test".
    /// </summary>
    public static readonly byte[] FfmpegSenderReport = Convert.FromHexString(
        "80c80006a1ce5713eeb2115843958106a0c1a4600000002700009c00" + "81ca0006a1ce571301106d656469616163746f727340746573740000");

    /// <summary>
    /// ffmpeg -rtsp_transport udp -i rtsp://... playing a PCMU stream of SSRC 0x11223344 with one
    /// packet withheld, after the server sent an SR with NTP 0x00000001_00000000: RR from SSRC
    /// 0x11223345 with one report block (1/256 lost, 1 cumulative, highest 1198, jitter 1317,
    /// LSR 0x00010000, DLSR 0x0001FCBF = 1.99 s) + SDES CNAME "vm" (the host name).
    /// </summary>
    public static readonly byte[] FfmpegReceiverReport = Convert.FromHexString(
        "81c90007112233451122334401000001000004ae00000525000100000001fcbf" + "81ca0003112233450102766d00000000");

    /// <summary>The empty RR FFmpeg sends to the server's RTCP port right after PLAY, to open NAT bindings.</summary>
    public static readonly byte[] FfmpegNatPunch = Convert.FromHexString("80c9000100000000");
}
