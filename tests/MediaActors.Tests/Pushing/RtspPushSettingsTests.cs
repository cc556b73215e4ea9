using Akka.Configuration;
using MediaActors.Protocol.Sdp;
using MediaActors.Pushing;
using MediaActors.Sessions;

namespace MediaActors.Tests.Pushing;

public sealed class RtspPushSettingsTests
{
    [Fact]
    public void A_url_takes_the_shipped_defaults_and_keeps_its_credentials_out_of_the_uri()
    {
        var settings = RtspPushSettings.Create("rtsp://user:p%40ss@10.0.0.2/live/board1");

        Assert.Equal("rtsp://10.0.0.2:554/live/board1", settings.Uri);
        Assert.Equal("rtsp://10.0.0.2:554/live/board1", settings.ToString());
        Assert.Equal(("user", "p@ss"), (settings.Credentials!.User, settings.Credentials.Password));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)),
            (settings.RequestTimeout, settings.ReconnectMin, settings.ReconnectMax));
        Assert.Equal((TimeSpan.FromSeconds(10), 4L * 1024 * 1024), (settings.StallTimeout, settings.MaxQueuedBytes));
    }

    [Fact]
    public void The_pushes_section_names_one_or_more_targets_per_session_over_the_push_defaults()
    {
        var config = ConfigurationFactory.ParseString("""
            mediaactors.push-defaults { reconnect-min = 1s, reconnect-max = 4s }
            mediaactors.pushes {
              test = ["rtsp://a:8554/one", "rtsp://b/two"]
              door = "rtsp://c/three"
            }
            """);

        var all = RtspPushSettings.AllFromConfig(config);

        Assert.Equal(
            [("test", "rtsp://a:8554/one"), ("test", "rtsp://b:554/two"), ("door", "rtsp://c:554/three")],
            all.Select(push => (push.SessionName, push.Settings.Uri)).OrderBy(push => push.SessionName == "door").ToList());
        Assert.All(all, push => Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)), (push.Settings.ReconnectMin, push.Settings.ReconnectMax)));
    }

    [Fact]
    public void Without_a_pushes_section_nothing_is_pushed() =>
        Assert.Empty(RtspPushSettings.AllFromConfig(ConfigurationFactory.Empty));

    [Theory]
    [InlineData("rtsps://host/path", "not supported")]
    [InlineData("not a url", "not an rtsp:// URL")]
    public void An_unusable_url_is_refused_with_a_reason(string url, string reason)
    {
        var error = Assert.Throws<ConfigurationException>(() => RtspPushSettings.Create(url));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_bounds_that_cannot_work_are_refused()
    {
        var config = ConfigurationFactory.ParseString("mediaactors.push-defaults { reconnect-min = 5s, reconnect-max = 1s }");
        var error = Assert.Throws<ConfigurationException>(() => RtspPushSettings.Create("rtsp://host/path", config));
        Assert.Contains("reconnect-max", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_track_is_set_up_on_its_own_pair_of_interleaved_channels_to_record()
    {
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record", PushConnection.TransportFor(0));
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=2-3;mode=record", PushConnection.TransportFor(1));
    }

    [Fact]
    public void The_announced_description_carries_each_tracks_format_and_control()
    {
        var described = new MediaSession.Described("test", Akka.Actor.ActorRefs.Nobody,
        [
            new MediaSession.TrackDescription(0, new SdpMedia("video", 96, "H264/90000", "packetization-mode=1", "trackID=0", []), 1, 90000),
            new MediaSession.TrackDescription(1, new SdpMedia("audio", 0, "PCMU/8000", null, "trackID=1", []), 2, 8000),
        ]);

        var sdp = PushConnection.Description(described, "127.0.0.1");

        Assert.True(SessionDescription.TryParse(sdp, out var parsed), sdp);
        Assert.Equal(["trackID=0", "trackID=1"], parsed!.Media.Select(media => media.Control).ToList());
        Assert.Contains("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("o=- ", sdp, StringComparison.Ordinal);
        Assert.Contains("IN IP4 127.0.0.1", sdp, StringComparison.Ordinal);
    }
}
