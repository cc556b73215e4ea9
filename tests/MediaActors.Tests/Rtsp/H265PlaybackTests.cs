using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>An H.265 session (RFC 7798) end to end in process: SDP and the RTP a client receives.</summary>
public sealed class H265PlaybackTests
{
    [Fact]
    public async Task Describe_announces_h265_with_vps_sps_and_pps()
    {
        await using var server = await StreamingServer.StartAsync(videoType: VideoType.H265);
        await using var client = await server.ConnectAsync();

        var describe = await client.RequestAsync("DESCRIBE", server.Url);

        Assert.Equal(200, describe.Status);
        Assert.Contains("a=rtpmap:96 H265/90000", describe.Body);
        Assert.Matches(@"a=fmtp:96 sprop-vps=[A-Za-z0-9+/=]+;sprop-sps=[A-Za-z0-9+/=]+;sprop-pps=[A-Za-z0-9+/=]+", describe.Body);
        Assert.Contains("a=framesize:96 320-240", describe.Body);
    }

    [Theory]
    [InlineData(FeedMode.OneNalUnitPerCall)]
    [InlineData(FeedMode.WholeAccessUnitPerCall)]
    public async Task A_client_receives_irap_pictures_with_parameter_sets_and_every_packet(FeedMode mode)
    {
        await using var server = await StreamingServer.StartAsync(mode, videoType: VideoType.H265);
        await using var client = await server.ConnectAsync();
        await client.SetupAndPlayAsync(server.Url);

        var depacketizer = new NalUnitDepacketizer<H265Format>();
        var accessUnits = new List<Protocol.Codecs.AccessUnit>();
        while (accessUnits.Count < 20)
        {
            var (channel, packet) = await client.ReadInterleavedAsync();
            if (channel == 0 && depacketizer.TryPush(packet, out var accessUnit))
            {
                accessUnits.Add(accessUnit!);
            }
        }

        Assert.Equal(0, depacketizer.LostPackets);
        Assert.True(accessUnits[0].IsKeyframe);
        var types = accessUnits[0].NalUnits.Select(nal => H265Nal.TypeOf(nal.Span)).ToList();
        Assert.Equal(new[] { H265NalUnitType.Vps, H265NalUnitType.Sps, H265NalUnitType.Pps }, types.Take(3));
        var slices = types.Where(H265Nal.IsVcl).ToList();
        Assert.NotEmpty(slices);
        Assert.All(slices, type => Assert.True(H265Nal.IsIrap(type), $"a keyframe slice of type {type}"));
    }
}
