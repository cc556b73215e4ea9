using MediaActors.Configuration;
using MediaActors.Testing;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Transports;

/// <summary>RTSP over TLS played by real players: a self-signed certificate with validation off, a configured one validated against its authority.</summary>
public sealed class RtspsTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_self_signed_rtsps_stream_plays_in_ffprobe_and_gstreamer_with_validation_off()
    {
        var tlsPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartAsync("--rtsps-port", tlsPort.ToString());
        var url = $"rtsps://127.0.0.1:{tlsPort}/test";

        var streams = await Ffprobe.StreamsAsync(url, "tcp", "-tls_verify", "0");
        // GStreamer asks for UDP first, is refused (461: media would leave the TLS connection), and falls back to TCP.
        var gst = await GStreamer.DecodeAsync(url, "udp+tcp", "rtph264depay ! h264parse ! avdec_h264", frames: 60, "tls-validation-flags=0");

        Assert.Equal(("h264", 1280, 720), (streams[0].CodecName, streams[0].Width!.Value, streams[0].Height!.Value));
        Assert.True(gst.Succeeded, gst.ToString());
        Assert.Single(serve.LogLines("self-signed certificate SHA-256 "));
    }

    /// <remarks>
    /// ffmpeg's RTSP client does not hand its TLS options (-tls_verify, -ca_file) to the TLS
    /// connection under rtsps://, so it never validates; GStreamer does, and is the validating player here.
    /// </remarks>
    [Fact(Timeout = 120_000)]
    public async Task A_configured_certificate_is_validated_against_its_authority_by_gstreamer_and_plays_in_ffprobe()
    {
        using var certificates = TestCertificates.Create();
        var tlsPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartWithConfigAsync(
            $"mediaactors.rtsp.tls {{\n  certificate = \"{certificates.CertificatePath}\"\n  key = \"{certificates.KeyPath}\"\n}}\n",
            "--rtsps-port", tlsPort.ToString());
        var url = $"rtsps://127.0.0.1:{tlsPort}/test";

        var streams = await Ffprobe.StreamsAsync(url, "tcp");
        var gst = await PlayWithAuthorityAsync(url, certificates.AuthorityPath);
        var stranger = await PlayWithAuthorityAsync(url, certificates.StrangerAuthorityPath);

        Assert.Equal("h264", streams[0].CodecName);
        Assert.True(gst.ExitCode == 0, gst.ToString());
        Assert.NotEqual(0, stranger.ExitCode);
        Assert.True(await serve.WaitForLogAsync("TLS handshake failed", TimeSpan.FromSeconds(5)), "the stranger's player failed for another reason than the handshake");
        Assert.Single(serve.LogLines("configured certificate SHA-256 "));
    }

    [Fact(Timeout = 60_000)]
    public async Task Plain_rtsp_to_the_tls_port_gets_a_readable_400_and_is_closed_while_tls_clients_play()
    {
        var tlsPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartAsync("--rtsps-port", tlsPort.ToString());

        await using var plain = await RtspTestClient.ConnectAsync(tlsPort);
        var answer = await plain.RequestAsync("OPTIONS", $"rtsp://127.0.0.1:{tlsPort}/test");
        var closed = await plain.IsClosedByServerAsync(TimeSpan.FromSeconds(5));
        var streams = await Ffprobe.StreamsAsync($"rtsps://127.0.0.1:{tlsPort}/test", "tcp", "-tls_verify", "0");

        Assert.Equal(400, answer.Status);
        Assert.Contains("rtsps://", answer.Body, StringComparison.Ordinal);
        Assert.True(closed, "the plain connection stayed open");
        Assert.Equal("h264", streams[0].CodecName);
    }

    [Fact(Timeout = 60_000)]
    public async Task Over_tls_media_goes_only_inside_the_encrypted_connection()
    {
        var tlsPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartAsync("--rtsps-port", tlsPort.ToString());
        await using var client = await RtspTestClient.ConnectTlsAsync(tlsPort);
        var url = $"rtsps://127.0.0.1:{tlsPort}/test";

        var udp = await client.RequestAsync("SETUP", url + "/trackID=0", ("Transport", "RTP/AVP;unicast;client_port=5000-5001"));
        var multicast = await client.RequestAsync("SETUP", url + "/trackID=0", ("Transport", "RTP/AVP;multicast"));
        var playing = await client.SetupAndPlayAsync(url);
        var probe = new Testing.Rtp.RtpProbe(Protocol.Formats.Codec.H264);
        await client.ReadRtpAsync(probe, pictures: 30).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(461, udp.Status);
        Assert.Equal(461, multicast.Status);
        Assert.Contains("RTP/AVP/TCP", playing.Transport, StringComparison.Ordinal);
        Assert.Equal(0, probe.Lost);
    }

    [Theory]
    [InlineData("tls { port = 70000 }", "mediaactors.rtsp.tls.port 70000 must be 0 (off) or a TCP port")]
    [InlineData("tls { certificate = \"/x.pem\" }", "mediaactors.rtsp.tls.certificate and mediaactors.rtsp.tls.key go together")]
    public void A_bad_tls_setting_is_refused_naming_its_key(string section, string message)
    {
        var error = Assert.Throws<Akka.Configuration.ConfigurationException>(() =>
            RtspServerSettings.FromConfig(Akka.Configuration.ConfigurationFactory.ParseString("mediaactors.rtsp." + section)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public void A_certificate_that_cannot_be_read_fails_start_naming_the_file()
    {
        var settings = LoopbackSettings.Rtsp with { Tls = new TlsSettings(ServeProcess.FreeTcpPort(), "/nonexistent/server.pem", "/nonexistent/server.key") };
        using var server = new RtspServer(settings);
        server.Init(0);

        var error = Assert.Throws<RtspServerException>(server.Start);

        Assert.Contains("/nonexistent/server.pem", error.Message, StringComparison.Ordinal);
    }

    /// <summary>rtspsrc with a TLS database of the one authority, through python3-gi (gst-launch cannot set an object property).</summary>
    private static Task<ToolResult> PlayWithAuthorityAsync(string url, string authorityPath) =>
        ExternalTool.RunAsync("/usr/bin/python3", ["-c", """
            import sys, gi
            gi.require_version('Gst', '1.0')
            from gi.repository import Gst, Gio
            Gst.init(None)
            pipeline = Gst.parse_launch('rtspsrc name=src protocols=tcp latency=200 ! rtph264depay ! h264parse ! avdec_h264 ! identity eos-after=30 ! fakesink sync=false')
            source = pipeline.get_by_name('src')
            source.set_property('location', sys.argv[1])
            source.set_property('tls-database', Gio.TlsFileDatabase.new(sys.argv[2]))
            pipeline.set_state(Gst.State.PLAYING)
            message = pipeline.get_bus().timed_pop_filtered(30 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
            pipeline.set_state(Gst.State.NULL)
            if message is None or message.type != Gst.MessageType.EOS:
                sys.exit('no EOS: ' + (message.parse_error()[0].message if message else 'timed out'))
            """, url, authorityPath], TimeSpan.FromSeconds(40));
}
