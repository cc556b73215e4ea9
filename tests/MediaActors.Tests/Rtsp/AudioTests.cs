using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtp;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>Sessions with audio (G.711 and AAC) beside their video, in process with real clients.</summary>
public sealed class AudioTests
{
    [Theory]
    [InlineData(AudioType.Pcmu, "m=audio 0 RTP/AVP 0", "a=rtpmap:0 PCMU/8000")]
    [InlineData(AudioType.Pcma, "m=audio 0 RTP/AVP 8", "a=rtpmap:8 PCMA/8000")]
    [InlineData(AudioType.Aac, "m=audio 0 RTP/AVP 97", "a=rtpmap:97 MPEG4-GENERIC/8000/1")]
    public async Task Describe_announces_the_audio_track(AudioType audioType, string mediaLine, string rtpMap)
    {
        await using var server = await StreamingServer.StartAsync(audioType: audioType);
        await using var client = await server.ConnectAsync();

        var describe = await client.RequestAsync("DESCRIBE", server.Url);

        Assert.Equal(200, describe.Status);
        Assert.Contains(mediaLine, describe.Body);
        Assert.Contains(rtpMap, describe.Body);
        Assert.Contains("a=control:trackID=1", describe.Body);
        if (audioType == AudioType.Aac)
        {
            Assert.Matches("a=fmtp:97 .*mode=AAC-hbr;.*config=[0-9A-Fa-f]+", describe.Body);
        }
    }

    [Fact]
    public async Task Both_tracks_play_over_one_connection_with_sender_reports_sharing_a_cname()
    {
        await using var server = await StreamingServer.StartAsync(audioType: AudioType.Pcmu,
            settings: LoopbackSettings.Rtsp with { RtcpInterval = TimeSpan.FromMilliseconds(300) });
        await using var client = await server.ConnectAsync();
        var video = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        var session = video.Header("Session")!.Split(';')[0];
        var audio = await client.RequestAsync("SETUP", server.Url + "/trackID=1", ("Transport", "RTP/AVP/TCP;unicast;interleaved=2-3"), ("Session", session));
        Assert.Equal(200, audio.Status);

        var play = await client.RequestAsync("PLAY", server.Url, ("Session", session));
        Assert.Equal(200, play.Status);
        Assert.Equal(2, play.Header("RTP-Info")!.Split(',').Length);

        var audioTimestamps = new List<uint>();
        var cnames = new Dictionary<byte, string>();
        while (audioTimestamps.Count < 20 || cnames.Count < 2)
        {
            var (channel, payload) = await client.ReadInterleavedAsync();
            if (channel == 2)
            {
                Assert.True(RtpHeader.TryRead(payload, out var header, out _));
                Assert.Equal(0, header.PayloadType);
                audioTimestamps.Add(header.Timestamp);
            }
            else if (channel is 1 or 3)
            {
                var packets = new List<RtcpPacket>();
                Assert.True(RtcpCompoundReader.TryRead(payload, packets));
                cnames[channel] = packets.OfType<RtcpSourceDescription>().Single().Cname;
            }
        }

        Assert.All(audioTimestamps.Zip(audioTimestamps.Skip(1)), pair => Assert.Equal(160u, pair.Second - pair.First));
        Assert.Equal(cnames[1], cnames[3]);
    }

    [Theory]
    [InlineData(AudioType.Pcmu, "pcm_mulaw")]
    [InlineData(AudioType.Aac, "aac")]
    public async Task Ffprobe_finds_video_and_audio(AudioType audioType, string audioCodec)
    {
        await using var server = await StreamingServer.StartAsync(audioType: audioType);

        Assert.Equal(new[] { "h264", audioCodec }, await Ffprobe.CodecsAsync(server.Url, "tcp"));
    }

    /// <summary>FFmpeg lines the tracks up by their RTCP sender reports: recorded together, they
    /// start and last the same within 100 ms.</summary>
    [Fact]
    public async Task Ffmpeg_records_audio_and_video_in_sync()
    {
        await using var server = await StreamingServer.StartAsync(audioType: AudioType.Pcmu);

        await FrameCrc.AssertAudioAndVideoInSyncAsync(server.Url);
    }
}
