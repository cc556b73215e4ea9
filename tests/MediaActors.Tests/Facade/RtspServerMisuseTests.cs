using System.Net;
using System.Net.Sockets;
using MediaActors.Configuration;
using MediaActors.Protocol.Formats;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Facade;

/// <summary>Every way to misuse the K230 API gets a clear error naming the problem.</summary>
public sealed class RtspServerMisuseTests : IDisposable
{
    private static readonly byte[] Sps = [0, 0, 0, 1, 0x67, 0x4d, 0x00, 0x1f];
    private readonly RtspServer _server = new(LoopbackSettings.Rtsp);

    public void Dispose() => _server.Destroy();

    [Fact]
    public void Create_and_Destroy_return_zero_on_success()
    {
        using var server = new RtspServer(LoopbackSettings.Rtsp);
        Assert.Equal(0, server.Create());
        Assert.Equal(0, server.Destroy());
    }

    [Fact]
    public void Destroy_twice_and_Create_after_Destroy_return_non_zero()
    {
        var server = new RtspServer(LoopbackSettings.Rtsp);
        Assert.Equal(0, server.Destroy());
        Assert.NotEqual(0, server.Destroy());
        Assert.NotEqual(0, server.Create());
    }

    [Fact]
    public void Calls_after_Destroy_throw_ObjectDisposedException()
    {
        var server = new RtspServer(LoopbackSettings.Rtsp);
        server.Destroy();
        Assert.Throws<ObjectDisposedException>(() => server.Init(0));
        Assert.Throws<ObjectDisposedException>(() => server.CreateSession("s", VideoType.H264, false));
        Assert.Throws<ObjectDisposedException>(() => server.SendVideoData("s", Sps, Sps.Length, 1000));
        Assert.Throws<ObjectDisposedException>(() => server.Start());
        Assert.Throws<ObjectDisposedException>(() => server.GetRtspUrl("s"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Init_with_an_invalid_port_throws(int port)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _server.Init(port));
        Assert.Equal("port", error.ParamName);
    }

    [Fact]
    public void Init_twice_throws()
    {
        _server.Init(0);
        var error = Assert.Throws<InvalidOperationException>(() => _server.Init(0));
        Assert.Contains("Deinit", error.Message);
    }

    [Fact]
    public void Calls_before_Init_throw_and_say_Init_is_needed()
    {
        Assert.Contains("Init", Assert.Throws<InvalidOperationException>(() => _server.SendVideoData("test", Sps, Sps.Length, 1000)).Message);
        Assert.Contains("Init", Assert.Throws<InvalidOperationException>(() => _server.CreateSession("test", VideoType.H264, false)).Message);
        Assert.Contains("Init", Assert.Throws<InvalidOperationException>(() => _server.Start()).Message);
        Assert.Contains("Init", Assert.Throws<InvalidOperationException>(() => _server.Deinit()).Message);
    }

    [Fact]
    public void Sending_to_an_unknown_session_names_it()
    {
        _server.Init(0);
        var error = Assert.Throws<RtspSessionNotFoundException>(() => _server.SendVideoData("nope", Sps, Sps.Length, 1000));
        Assert.Equal("nope", error.SessionName);
        Assert.Contains("'nope'", error.Message);
        Assert.Throws<RtspSessionNotFoundException>(() => _server.GetRtspUrl("nope"));
        Assert.Throws<RtspSessionNotFoundException>(() => _server.DestroySession("nope"));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(-1)]
    public void A_size_outside_the_data_throws(int size)
    {
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _server.SendVideoData("test", Sps, size, 1000));
        Assert.Equal("size", error.ParamName);
    }

    [Fact]
    public void Null_or_empty_data_throws()
    {
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        Assert.Throws<ArgumentNullException>(() => _server.SendVideoData("test", null!, 0, 1000));
        Assert.Throws<ArgumentException>(() => _server.SendVideoData("test", Sps, 0, 1000));
    }

    [Fact]
    public void Data_larger_than_max_frame_bytes_throws()
    {
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        var huge = new byte[LoopbackSettings.Rtsp.MaxFrameBytes + 1];
        Assert.Contains("max-frame-bytes", Assert.Throws<ArgumentOutOfRangeException>(() => _server.SendVideoData("test", huge, huge.Length, 1000)).Message);
    }

    [Fact]
    public void A_duplicate_session_name_throws()
    {
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        var error = Assert.Throws<RtspServerException>(() => _server.CreateSession("test", VideoType.H264, false));
        Assert.Contains("already exists", error.Message);
    }

    [Fact]
    public async Task A_destroyed_session_name_can_be_created_again_and_plays()
    {
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        _server.Start();
        _server.DestroySession("test");
        _server.CreateSession("test", VideoType.H264, false);

        await AssertPlaysAsync("test");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("a//b")]
    [InlineData("query?x=1")]
    [InlineData("percent%20")]
    public void Invalid_session_names_throw(string name)
    {
        _server.Init(0);
        var error = Assert.Throws<ArgumentException>(() => _server.CreateSession(name, VideoType.H264, false));
        Assert.Equal("sessionName", error.ParamName);
    }

    [Fact]
    public void Unknown_media_types_and_audio_to_a_video_only_session_fail_clearly()
    {
        _server.Init(0);
        Assert.Equal("videoType", Assert.Throws<ArgumentOutOfRangeException>(() => _server.CreateSession("c", (VideoType)7, false)).ParamName);
        Assert.Equal("audioType", Assert.Throws<ArgumentOutOfRangeException>(() => _server.CreateSession("d", VideoType.H264, (AudioType)9)).ParamName);
        Assert.Equal("video", Assert.Throws<ArgumentOutOfRangeException>(() => _server.CreateSession("e", Codec.Aac, null)).ParamName);
        Assert.Equal("video", Assert.Throws<ArgumentOutOfRangeException>(() => _server.CreateSession("f", (Codec)7, null)).ParamName);
        Assert.Equal("audio", Assert.Throws<ArgumentOutOfRangeException>(() => _server.CreateSession("g", Codec.H264, Codec.H265)).ParamName);
        Assert.Equal("audio", Assert.Throws<ArgumentOutOfRangeException>(() => _server.CreateSession("h", Codec.H265, (Codec)9)).ParamName);
        _server.CreateSession("test", VideoType.H264, false);
        Assert.Contains("without audio", Assert.Throws<InvalidOperationException>(() => _server.SendAudioData("test", [0xff], 1, 1000)).Message);
        _server.CreateSession("with-audio", VideoType.H264, true);
        _server.SendAudioData("with-audio", [0xff], 1, 1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => _server.SendAudioData("with-audio", [0xff], 2, 1000));
    }

    [Fact]
    public void Start_twice_and_Stop_without_Start_throw()
    {
        _server.Init(0);
        Assert.Throws<InvalidOperationException>(() => _server.Stop());
        _server.Start();
        Assert.Throws<InvalidOperationException>(() => _server.Start());
        _server.Stop();
        _server.Start();
    }

    [Fact]
    public void Start_on_a_port_in_use_names_the_port()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        _server.Init(port);

        var error = Assert.Throws<RtspServerException>(() => _server.Start());
        Assert.Contains(port.ToString(), error.Message);
    }

    [Fact]
    public async Task Deinit_then_Init_again_serves_the_new_session()
    {
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        _server.Start();
        _server.Deinit();
        _server.Init(0);
        _server.CreateSession("test", VideoType.H264, false);
        _server.Start();

        await AssertPlaysAsync("test");
    }

    /// <summary>Feeds <paramref name="session"/> like the K230 sample and plays it over RTSP: its first frames arrive whole and in order.</summary>
    private async Task AssertPlaysAsync(string session)
    {
        await using var feeder = new K230Feeder(_server, session, await EncodedTestStream.GetAccessUnitsAsync(), FeedMode.OneNalUnitPerCall);
        await using var client = await RtspTestClient.ConnectAsync(_server.Port);
        await client.SetupAndPlayAsync($"rtsp://127.0.0.1:{_server.Port}/{session}");

        var received = new RtpCollector();
        await received.CollectAsync(client, accessUnits: 3);

        Assert.True(received.AccessUnits[0].AccessUnit.IsKeyframe, "the stream starts at a keyframe");
        Assert.Equal(0, received.Probe.Lost);
    }

    [Fact]
    public void Settings_out_of_range_are_refused_naming_the_key()
    {
        var error = Assert.Throws<Akka.Configuration.ConfigurationException>(
            () => new RtspServer(LoopbackSettings.Rtsp with { ClientQueueBytes = LoopbackSettings.Rtsp.MaxFrameBytes }));
        Assert.Contains("client-queue-bytes", error.Message);
        Assert.Contains("udp-port-base", Assert.Throws<Akka.Configuration.ConfigurationException>(
            () => new RtspServer(LoopbackSettings.Rtsp with { UdpPortBase = 70000 })).Message);
    }
}
