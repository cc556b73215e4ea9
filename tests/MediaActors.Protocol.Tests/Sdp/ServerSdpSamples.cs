namespace MediaActors.Protocol.Tests.Sdp;

/// <summary>DESCRIBE answers as real servers and cameras write them (addresses and ids changed).</summary>
internal static class ServerSdpSamples
{
    public const string GstRtspServer =
        "v=0\r\n" +
        "o=- 1188340656180883 1 IN IP4 127.0.0.1\r\n" +
        "s=Session streamed with GStreamer\r\n" +
        "i=rtsp-server\r\n" +
        "t=0 0\r\n" +
        "a=tool:GStreamer\r\n" +
        "a=type:broadcast\r\n" +
        "a=range:npt=now-\r\n" +
        "a=control:rtsp://127.0.0.1:8554/test\r\n" +
        "m=video 0 RTP/AVP 96\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:2097\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=framerate:30\r\n" +
        "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z2QAHqzZQKA9oQAAAwABAAADADwPFi2W,aOvjyyLA;profile-level-id=64001e\r\n" +
        "a=control:rtsp://127.0.0.1:8554/test/stream=0\r\n" +
        "a=ts-refclk:local\r\n" +
        "a=mediaclk:sender\r\n" +
        "m=audio 0 RTP/AVP 97\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:128\r\n" +
        "a=rtpmap:97 MPEG4-GENERIC/44100/2\r\n" +
        "a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1210;sizelength=13;indexlength=3;indexdeltalength=3\r\n" +
        "a=control:rtsp://127.0.0.1:8554/test/stream=1\r\n";

    public const string Ffmpeg =
        "v=0\n" +
        "o=- 0 0 IN IP4 127.0.0.1\n" +
        "s=No Name\n" +
        "c=IN IP4 127.0.0.1\n" +
        "t=0 0\n" +
        "a=tool:libavformat 61.7.100\n" +
        "m=video 0 RTP/AVP 96\n" +
        "b=AS:2000\n" +
        "a=rtpmap:96 H265/90000\n" +
        "a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwB4lZgJ; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwB4oAPAgBDlllZqvK; sprop-pps=RAHBcrAiQA==\n" +
        "a=control:streamid=0\n" +
        "m=audio 0 RTP/AVP 97\n" +
        "b=AS:64\n" +
        "a=rtpmap:97 PCMA/8000/1\n" +
        "a=control:streamid=1\n";

    public const string Live555 =
        "v=0\r\n" +
        "o=- 1700000000000000 1 IN IP4 192.168.1.20\r\n" +
        "s=H.264 Video, streamed by the LIVE555 Media Server\r\n" +
        "i=test.264\r\n" +
        "t=0 0\r\n" +
        "a=tool:LIVE555 Streaming Media v2023.11.08\r\n" +
        "a=type:broadcast\r\n" +
        "a=control:*\r\n" +
        "a=range:npt=0-\r\n" +
        "a=x-qt-text-nam:H.264 Video, streamed by the LIVE555 Media Server\r\n" +
        "a=x-qt-text-inf:test.264\r\n" +
        "m=video 0 RTP/AVP 96\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:500\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=fmtp:96 packetization-mode=1;profile-level-id=42C01E;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==\r\n" +
        "a=control:track1\r\n" +
        "m=audio 0 RTP/AVP 0\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=control:track2\r\n";

    public const string Hikvision =
        "v=0\r\n" +
        "o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64\r\n" +
        "s=Media Presentation\r\n" +
        "e=NONE\r\n" +
        "b=AS:5050\r\n" +
        "t=0 0\r\n" +
        "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast\r\n" +
        "m=video 0 RTP/AVP 96\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:5000\r\n" +
        "a=recvonly\r\n" +
        "a=x-dimensions:1920,1080\r\n" +
        "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z01AKI2NQDwBE/LgLcBAQFAAAD6AAAw1DoYAHEAAK+YVl3lxoYAOIAAV8wrLvLhQ,aO44gA==\r\n" +
        "m=audio 0 RTP/AVP 8\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:50\r\n" +
        "a=recvonly\r\n" +
        "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=Media_header:MEDIAINFO=494D4B48010100000400010010710110401F000000FA000000000000000000000000000000000000;\r\n" +
        "a=appversion:1.0\r\n" +
        "m=application 0 RTP/AVP 107\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=3?transportmode=unicast\r\n" +
        "a=rtpmap:107 isapi.metadata/90000\r\n";
}
